package dev.phasecheck.junit;

import dev.phasecheck.rules.api.Finding;
import java.util.List;

/** A test failed phase conformance: the message is the text report; the findings are attached. */
public class PhaseConformanceError extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public PhaseConformanceError(String message, List<Finding> findings) {
        super(message);
        this.findings = List.copyOf(findings);
    }

    /** The findings that failed the test (empty when the test sent nothing at all). */
    public List<Finding> findings() {
        return findings;
    }
}
