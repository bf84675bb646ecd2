package dev.phasecheck.rules.api;

import java.util.ArrayList;
import java.util.List;

/** The outcome of a lint run: what was read, and the findings in report order. */
public record LintResult(List<FileSummary> files, List<Finding> findings) {

    public LintResult {
        files = List.copyOf(files);
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Finding.ORDER);
        findings = List.copyOf(sorted);
    }

    public int exchanges() {
        return files.stream().mapToInt(FileSummary::exchanges).sum();
    }

    public int unreadable() {
        return files.stream().mapToInt(FileSummary::unreadable).sum();
    }

    /** The rule id of phasecheck's own failures. */
    public static final String INTERNAL_ERROR = "internal-error";

    /** How many times phasecheck itself failed (see the rule catalogue, "Failures of phasecheck itself"). */
    public int internalErrors() {
        return (int) findings.stream().filter(f -> INTERNAL_ERROR.equals(f.rule())).count();
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** True when any finding is at or above the threshold (null threshold: never). */
    public boolean failsAt(Severity threshold) {
        return threshold != null && findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }

    /** Combines runs (e.g. several inputs), keeping report order. */
    public static LintResult merge(List<LintResult> parts) {
        List<FileSummary> files = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (LintResult p : parts) {
            files.addAll(p.files());
            findings.addAll(p.findings());
        }
        return new LintResult(files, findings);
    }
}
