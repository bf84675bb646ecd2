package dev.phasecheck.cli;

import dev.phasecheck.reports.Reporter;
import dev.phasecheck.reports.Reporters;
import java.util.ArrayList;
import java.util.List;

/**
 * Every report format the CLI writes: the reporters of the reports module, and JUnit XML through
 * the Launcher (its classes are loaded only when that format is asked for).
 */
final class Formats {
    private Formats() {}

    static List<String> names() {
        List<String> names = new ArrayList<>(Reporters.formats());
        return names;
    }

    static Reporter forName(String name) {
        return Reporters.forFormat(name);
    }
}
