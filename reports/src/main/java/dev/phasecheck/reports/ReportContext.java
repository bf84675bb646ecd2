package dev.phasecheck.reports;

import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.RuleInfo;
import java.util.List;

/**
 * What a report says about the run besides its findings. Everything a reporter needs beyond the
 * result comes in here; reporters read no registry of their own.
 *
 * @param toolVersion phasecheck's version
 * @param failOn      the threshold the run was judged by
 * @param rules       the rule catalogue (for SARIF's rule list, the HTML rule pages, …)
 * @param timelines   each transcript turn by turn, when a {@link TimelineRecorder} watched the run (else empty)
 */
public record ReportContext(String toolVersion, FailOn failOn, List<RuleInfo> rules, List<Timeline> timelines) {
    public ReportContext {
        failOn = failOn == null ? FailOn.ERROR : failOn;
        rules = rules == null ? List.of() : List.copyOf(rules);
        timelines = timelines == null ? List.of() : List.copyOf(timelines);
    }

    public ReportContext(String toolVersion, FailOn failOn, List<RuleInfo> rules) {
        this(toolVersion, failOn, rules, List.of());
    }

    /** The same context with the timelines a recorder collected. */
    public ReportContext withTimelines(List<Timeline> timelines) {
        return new ReportContext(toolVersion, failOn, rules, timelines);
    }
}
