package dev.phasecheck.junit.engine;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One rule applied to one transcript: passes when the rule found nothing at or above the failing severity. */
final class RuleDescriptor extends AbstractTestDescriptor {
    final String rule;

    /** Displayed as "rule (transcript)", so tests of several transcripts never share a name. */
    RuleDescriptor(UniqueId id, String rule, String transcript, TestSource source) {
        super(id, rule + " (" + transcript + ")", source);
        this.rule = rule;
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
