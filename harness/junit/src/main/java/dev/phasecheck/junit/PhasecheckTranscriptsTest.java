package dev.phasecheck.junit;

/**
 * Lets Surefire find the {@code phasecheck} engine's transcripts in a project with no Java test
 * code: add {@code <dependenciesToScan><dependency>dev.phasecheck:phasecheck-junit</dependency></dependenciesToScan>}
 * to the Surefire configuration, and every transcript under {@code src/test/resources/transcripts/}
 * (and in {@code phasecheck.transcripts.dir}) becomes a container of tests, one per rule.
 */
@PhaseTranscripts
public final class PhasecheckTranscriptsTest {
    private PhasecheckTranscriptsTest() {}
}
