package dev.phasecheck.junit;

import dev.phasecheck.reports.junit.TranscriptExecution;
import dev.phasecheck.rules.engine.Config;
import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.FailOn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a conformance check is configured with, shared by the extension and the engine: the
 * failing severity, rules turned off, extra phase-model patterns, a config file.
 *
 * @param failOn      the threshold
 * @param rulesOff    rule ids turned off
 * @param phaseModels extra phase-model patterns
 * @param configFile  a phasecheck.yaml, or null
 */
public record Conformance(FailOn failOn, List<String> rulesOff, List<String> phaseModels, Path configFile) {

    public Conformance {
        failOn = failOn == null ? FailOn.ERROR : failOn;
        rulesOff = List.copyOf(rulesOff);
        phaseModels = List.copyOf(phaseModels);
    }

    public static Conformance defaults() {
        return new Conformance(FailOn.ERROR, List.of(), List.of(), null);
    }

    /** Parses {@code error}, {@code warning}, {@code info} or {@code never} (an IllegalArgumentException otherwise). */
    public static FailOn parseFailOn(String text) {
        try {
            return FailOn.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("failOn " + e.getMessage(), e);
        }
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
            if (failOn.fails(f)) out.add(f);
        }
        return out;
    }

    /** The text report of some findings (what a failure message says). */
    public static String report(LintResult context, List<Finding> findings) {
        return TranscriptExecution.report(context, findings);
    }
}
