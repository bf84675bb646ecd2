package dev.phasecheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose selection makes the {@code phasecheck} engine lint transcripts: those under
 * the classpath folders in {@link #value()} (default {@code transcripts}, i.e.
 * {@code src/test/resources/transcripts/}), the directories in {@link #dirs()}, and the directory
 * of the configuration parameter {@code phasecheck.transcripts.dir}. Each transcript is a
 * container with one test per rule. {@link PhasecheckTranscriptsTest} carries it with the
 * defaults, so a project needs no Java code at all.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PhaseTranscripts {
    /** Classpath folders to read transcripts from. */
    String[] value() default {"transcripts"};

    /** File-system directories to read transcripts from (relative to the working directory). */
    String[] dirs() default {};
}
