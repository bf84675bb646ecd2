package dev.phasecheck.junit.engine;

import dev.phasecheck.junit.Conformance;
import dev.phasecheck.junit.PhaseConformanceError;
import dev.phasecheck.reports.junit.TranscriptDescriptor;
import dev.phasecheck.reports.junit.TranscriptExecution;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.util.Optional;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.discovery.EngineDiscoveryRequestResolver;

/**
 * The {@code phasecheck} test engine: each transcript is a container, and each rule that is on
 * is a test of it, failing with the rule's findings at or above the failing severity (and
 * phasecheck's own internal errors always). Runs from Surefire or any JUnit Platform launcher
 * with no Java code in the user's project.
 *
 * <p>Discovery is JUnit's {@link EngineDiscoveryRequestResolver} with a resolver per kind of
 * selector: the engine's unique id ({@link EngineIdResolver}), files and directories
 * ({@link FileSystemResolver}), classpath roots and resources ({@link ClasspathResolver}), classes
 * annotated {@code @PhaseTranscripts} ({@link MarkedClassResolver}), and the unique ids of a
 * transcript container or of one rule test ({@link TranscriptResolver}, what IDEs and Surefire's
 * rerun select). Transcripts are found by file, directory and classpath-resource selectors,
 * under the {@code transcripts/} folder of each classpath root (so
 * {@code src/test/resources/transcripts/} just works), and in the directory named by the
 * configuration parameter {@code phasecheck.transcripts.dir}. Configuration parameters:
 * {@code phasecheck.failOn} (error, warning, info, never), {@code phasecheck.config} (a
 * phasecheck.yaml), {@code phasecheck.phaseModels} (comma-separated globs),
 * {@code phasecheck.transcripts.resources} (the classpath folder, default {@code transcripts}).
 *
 * <p>Execution is the reports module's {@link TranscriptExecution}, the same as the JUnit XML report's.
 */
public final class PhasecheckTestEngine implements TestEngine {
    public static final String ID = "phasecheck";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.phasecheck");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("phasecheck-junit");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineSettings settings = EngineSettings.of(request.getConfigurationParameters());
        EngineDescriptor engine = new EngineDescriptor(uniqueId, "phasecheck");
        EngineDiscoveryRequestResolver.<EngineDescriptor>builder()
                .addSelectorResolver(new EngineIdResolver(settings))
                .addSelectorResolver(new FileSystemResolver())
                .addSelectorResolver(new ClasspathResolver(settings))
                .addSelectorResolver(new MarkedClassResolver(settings))
                .addSelectorResolver(context -> new TranscriptResolver(settings))
                .build()
                .resolve(EngineSelection.of(request, uniqueId), engine);
        return engine;
    }

    @Override
    public void execute(ExecutionRequest request) {
        EngineExecutionListener listener = request.getEngineExecutionListener();
        TestDescriptor engine = request.getRootTestDescriptor();
        listener.executionStarted(engine);
        Conformance conformance;
        Linter linter;
        try {
            conformance = EngineSettings.conformance(request.getConfigurationParameters());
            linter = new Linter(conformance.config());
        } catch (IllegalArgumentException e) {
            listener.executionFinished(engine, TestExecutionResult.failed(e));
            return;
        }
        for (TestDescriptor child : engine.getChildren()) {
            TranscriptDescriptor t = (TranscriptDescriptor) child;
            // the conformance decides what fails: the threshold, internal errors, and its baseline if any
            TranscriptExecution.execute(t, () -> linter.lint(TranscriptInput.of(t.path(), t.name())), conformance::failing,
                    PhaseConformanceError::new, listener);
        }
        listener.executionFinished(engine, TestExecutionResult.successful());
    }
}
