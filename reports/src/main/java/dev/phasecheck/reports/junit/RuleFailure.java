package dev.phasecheck.reports.junit;

import dev.phasecheck.rules.api.Finding;
import java.util.List;

/** A rule test of a lint result failed: the message is the text report; the findings are attached. */
public class RuleFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public RuleFailure(String message, List<Finding> findings) {
        super(message);
        this.findings = List.copyOf(findings);
    }

    /** The findings that failed the test. */
    public List<Finding> findings() {
        return findings;
    }
}
