package dev.phasecheck.reports.junit;

import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.reports.TextReporter;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Runs a transcript container: each of its rule tests fails with that rule's findings that fail
 * the run ({@link FailOn#fails(Finding)}: at or above the threshold, and phasecheck's own
 * internal errors always). The one place this verdict is made for JUnit.
 */
public final class TranscriptExecution {
    private TranscriptExecution() {}

    /** Makes the failure of a rule test from its message and findings. */
    @FunctionalInterface
    public interface Failure {
        Throwable of(String message, List<Finding> findings);
    }

    /**
     * Reports the container and its tests to the listener.
     *
     * @param lint    the transcript's lint result; a RuntimeException fails the container
     * @param failure the failure a failing rule test ends with
     */
    public static void execute(TranscriptDescriptor transcript, Supplier<LintResult> lint, FailOn failOn, Failure failure,
                               EngineExecutionListener listener) {
        execute(transcript, lint, findings -> findings.stream().filter(failOn::fails).toList(), failure, listener);
    }

    /**
     * As above, with the findings that fail a rule's test chosen by {@code failing} (given all of
     * that rule's findings in the transcript, in report order; a baseline filters here).
     */
    public static void execute(TranscriptDescriptor transcript, Supplier<LintResult> lint,
                               java.util.function.Function<List<Finding>, List<Finding>> failingOf, Failure failure,
                               EngineExecutionListener listener) {
        listener.executionStarted(transcript);
        LintResult result;
        try {
            result = lint.get();
        } catch (RuntimeException e) {
            listener.executionFinished(transcript, TestExecutionResult.failed(e));
            return;
        }
        for (TestDescriptor test : transcript.getChildren()) {
            if (!(test instanceof RuleDescriptor r)) continue;
            listener.executionStarted(r);
            List<Finding> failing = failingOf.apply(result.findings().stream().filter(f -> f.rule().equals(r.rule())).toList());
            listener.executionFinished(r, failing.isEmpty() ? TestExecutionResult.successful()
                    : TestExecutionResult.failed(failure.of(failing.size() + " " + r.rule() + " finding"
                    + (failing.size() == 1 ? "" : "s") + " in " + transcript.name() + ":\n" + report(result, failing), failing)));
        }
        listener.executionFinished(transcript, TestExecutionResult.successful());
    }

    /** The text report of some findings of a result (what a failure message says). */
    public static String report(LintResult context, List<Finding> findings) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            new TextReporter().write(new LintResult(context.files(), findings), new ReportContext("junit", FailOn.ERROR, List.of()), buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
