package dev.phasecheck.reports.junit;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One rule applied to one transcript: passes when the rule found nothing that fails the run. */
public final class RuleDescriptor extends AbstractTestDescriptor {
    /** The unique-id segment type of a rule test. */
    public static final String SEGMENT = "rule";

    private final String rule;

    /** Displayed as "rule (transcript)", so tests of several transcripts never share a name. */
    RuleDescriptor(UniqueId id, String rule, String transcript, TestSource source) {
        super(id, rule + " (" + transcript + ")", source);
        this.rule = rule;
    }

    /** The rule id. */
    public String rule() {
        return rule;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public String getLegacyReportingName() {
        return rule;
    }
}
