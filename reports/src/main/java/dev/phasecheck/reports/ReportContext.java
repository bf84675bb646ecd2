package dev.phasecheck.reports;

import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.RuleInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a report says about the run besides its findings. Everything a reporter needs beyond the
 * result comes in here; reporters read no registry of their own.
 *
 * @param toolVersion phasecheck's version
 * @param failOn      the threshold the run was judged by
 * @param rules       the rule catalogue (for SARIF's rule list, the HTML rule pages, …)
 * @param timelines   each transcript turn by turn, when a {@link TimelineRecorder} watched the run (else empty)
 * @param baseline    the accepted findings the run was compared with, or null (no baseline)
 * @param failOnStale whether baseline entries no finding matches any more fail the run
 */
public record ReportContext(String toolVersion, FailOn failOn, List<RuleInfo> rules, List<Timeline> timelines,
                            Baseline baseline, boolean failOnStale) {
    public ReportContext {
        failOn = failOn == null ? FailOn.ERROR : failOn;
        rules = rules == null ? List.of() : List.copyOf(rules);
        timelines = timelines == null ? List.of() : List.copyOf(timelines);
    }

    public ReportContext(String toolVersion, FailOn failOn, List<RuleInfo> rules, List<Timeline> timelines) {
        this(toolVersion, failOn, rules, timelines, null, false);
    }

    public ReportContext(String toolVersion, FailOn failOn, List<RuleInfo> rules) {
        this(toolVersion, failOn, rules, List.of());
    }

    /** The same context with the timelines a recorder collected. */
    public ReportContext withTimelines(List<Timeline> timelines) {
        return new ReportContext(toolVersion, failOn, rules, timelines, baseline, failOnStale);
    }

    /** The same context compared with a baseline. */
    public ReportContext withBaseline(Baseline baseline, boolean failOnStale) {
        return new ReportContext(toolVersion, failOn, rules, timelines, baseline, failOnStale);
    }

    /** For each finding of the result (same order), the baseline entry that accepts it, or null. */
    public List<Baseline.Entry> baselined(LintResult result) {
        if (baseline == null) return Collections.nCopies(result.findings().size(), null);
        return baseline.matches(result.findings());
    }

    /** How many findings of the result the baseline accepts. */
    public int baselinedCount(LintResult result) {
        if (baseline == null) return 0;
        int n = 0;
        for (Baseline.Entry e : baselined(result)) if (e != null) n++;
        return n;
    }

    /** The baseline entries no finding of the result matches (empty without a baseline). */
    public List<Baseline.Entry> stale(LintResult result) {
        return baseline == null ? List.of() : baseline.stale(result.findings());
    }

    /** The findings that count against the threshold: all but the baselined ones. */
    public List<Finding> unbaselined(LintResult result) {
        List<Baseline.Entry> marks = baselined(result);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) if (marks.get(i) == null) out.add(result.findings().get(i));
        return out;
    }

    /**
     * Whether the run fails: a finding that is not baselined is at or above the threshold (or is an
     * internal error of phasecheck), or stale baseline entries remain and {@link #failOnStale} says so.
     */
    public boolean fails(LintResult result) {
        for (Finding f : unbaselined(result)) if (failOn.fails(f)) return true;
        return failOnStale && !stale(result).isEmpty();
    }
}
