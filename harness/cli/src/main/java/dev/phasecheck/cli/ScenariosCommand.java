package dev.phasecheck.cli;

import dev.phasecheck.server.Scenario;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "List the built-in scenarios: id, model, turns, summary, and the faults scripted on their turns.")
public final class ScenariosCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String id : Scenario.BUILT_IN) {
            Scenario s = Scenario.builtIn(id);
            out.printf("%-20s  %-14s  %2d turns  %s%n", s.id(), s.model(), s.turns(), s.summary());
            for (int t = 0; t < s.turns(); t++) {
                Scenario.Fault f = s.fault(t);
                if (f != null) out.printf("%-20s  fault on turn %d: %s%n", "", t + 1, f.describe());
            }
        }
        out.flush();
    }
}
