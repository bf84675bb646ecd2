package dev.phasecheck.junit;

import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.reports.TextReporter;
import dev.phasecheck.rules.Config;
import dev.phasecheck.rules.ConfigException;
import dev.phasecheck.rules.Finding;
import dev.phasecheck.rules.LintResult;
import dev.phasecheck.rules.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a conformance check is configured with, shared by the extension and the engine: the
 * failing severity, rules turned off, extra phase-model patterns, a config file.
 *
 * @param failOn      the lowest failing severity, or null for never
 * @param rulesOff    rule ids turned off
 * @param phaseModels extra phase-model patterns
 * @param configFile  a phasecheck.yaml, or null
 */
public record Conformance(Severity failOn, List<String> rulesOff, List<String> phaseModels, Path configFile) {

    public Conformance {
        rulesOff = List.copyOf(rulesOff);
        phaseModels = List.copyOf(phaseModels);
    }

    public static Conformance defaults() {
        return new Conformance(Severity.ERROR, List.of(), List.of(), null);
    }

    /** Parses {@code error}, {@code warning}, {@code info} or {@code never}. */
    public static Severity parseFailOn(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("never")) return null;
        Severity s = Severity.parse(t);
        if (s == null) throw new IllegalArgumentException("failOn '" + text + "' is not one of error, warning, info, never");
        return s;
    }

    /** The linter configuration; a bad config file or rule id is an IllegalArgumentException with the reason. */
    public Config config() {
        try {
            Config c = configFile != null ? Config.load(configFile) : Config.defaults();
            for (String id : rulesOff) c = c.withRule(id, null);
            return c.withPhaseModels(phaseModels);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The findings at or above the failing severity, and phasecheck's own internal errors whatever
     * the threshold (what could not be checked never passes).
     */
    public List<Finding> failing(List<Finding> findings) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (LintResult.INTERNAL_ERROR.equals(f.rule()) || (failOn != null && f.severity().atLeast(failOn))) out.add(f);
        }
        return out;
    }

    /** The text report of some findings (what a failure message says). */
    public static String report(LintResult context, List<Finding> findings) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            new TextReporter().write(new LintResult(context.files(), findings), new ReportContext("junit", null), buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
