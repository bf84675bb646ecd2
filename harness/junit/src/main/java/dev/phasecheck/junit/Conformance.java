package dev.phasecheck.junit;

import dev.phasecheck.reports.junit.TranscriptExecution;
import dev.phasecheck.reports.Baseline;
import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.reports.TextReporter;
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
 * failing severity, rules turned off, extra phase-model patterns, a config file, a baseline.
 *
 * @param failOn       the threshold
 * @param rulesOff     rule ids turned off
 * @param phaseModels  extra phase-model patterns
 * @param configFile   a phasecheck.yaml, or null
 * @param baselineFile a baseline ({@code phasecheck lint --write-baseline}): the findings it records do
 *                     not fail; or null. It is read when the conformance is made: a bad file is an
 *                     IllegalArgumentException naming it.
 */
public record Conformance(FailOn failOn, List<String> rulesOff, List<String> phaseModels, Path configFile, Path baselineFile) {

    public Conformance {
        failOn = failOn == null ? FailOn.ERROR : failOn;
        rulesOff = List.copyOf(rulesOff);
        phaseModels = List.copyOf(phaseModels);
        if (baselineFile != null) loadBaseline(baselineFile);
    }

    public Conformance(FailOn failOn, List<String> rulesOff, List<String> phaseModels, Path configFile) {
        this(failOn, rulesOff, phaseModels, configFile, null);
    }

    /** The same conformance with a baseline file (null: none). */
    public Conformance withBaseline(Path file) {
        return new Conformance(failOn, rulesOff, phaseModels, configFile, file);
    }

    private static Baseline loadBaseline(Path file) {
        try {
            return Baseline.load(file);
        } catch (Baseline.Invalid e) {
            throw new IllegalArgumentException("baseline " + e.getMessage(), e);
        }
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
     * The findings at or above the failing severity that the baseline does not record, and
     * phasecheck's own internal errors whatever the threshold and the baseline (what could not be
     * checked never passes). The baseline matches by fingerprint and count, so give it all findings
     * of a transcript, or all of one rule in it, in report order.
     */
    public List<Finding> failing(List<Finding> findings) {
        List<Baseline.Entry> accepted = baselineFile == null ? null : loadBaseline(baselineFile).matches(findings);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (failOn.fails(f) && (accepted == null || accepted.get(i) == null)) out.add(f);
        }
        return out;
    }

    /** The text report of some findings (what a failure message says). */
    public static String report(LintResult context, List<Finding> findings) {
        return TranscriptExecution.report(context, findings);
    }
}
