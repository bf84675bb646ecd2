package dev.phasecheck.rules.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The stable metadata of a rule class (like Error Prone's {@code @BugPattern}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleDef {
    /** Stable kebab-case id; never reused for another meaning. */
    String id();

    Severity severity();

    /** One line: what the rule reports. */
    String summary();

    /** Reported one step lower for a model that is not a phase model. */
    boolean phaseModelAware() default false;
}
