package dev.phasecheck.rules.api;

/** Base of every rule: its metadata comes from the class's {@link RuleDef}. */
public abstract class Rule {
    private final RuleInfo info = RuleInfo.of(getClass());

    public final RuleInfo info() {
        return info;
    }

    public final String id() {
        return info.id();
    }
}
