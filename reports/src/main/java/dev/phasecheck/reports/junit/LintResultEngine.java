package dev.phasecheck.reports.junit;

import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.RuleInfo;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * A lint that already happened, as JUnit tests: each transcript of the result is a container
 * with one test per rule of the catalogue, failing with that rule's findings that fail the run.
 * A finding of a rule the catalogue does not list gets a test of its own, and a finding of a
 * file the result does not list a container of its own: nothing found is left out.
 *
 * <p>Not registered with the service loader (phasecheck-junit's {@code phasecheck} engine is):
 * the JUnit XML reporter hands it to a Launcher of its own.
 */
public final class LintResultEngine implements TestEngine {
    /** The engine id, the same as phasecheck-junit's engine (the report's test suite is named after it). */
    public static final String ID = "phasecheck";

    private final LintResult result;
    private final FailOn failOn;
    private final List<String> rules;

    /**
     * @param result    the lint
     * @param failOn    the threshold it is judged by
     * @param catalogue the rules to have a test for
     */
    public LintResultEngine(LintResult result, FailOn failOn, List<RuleInfo> catalogue) {
        this.result = result;
        this.failOn = failOn == null ? FailOn.ERROR : failOn;
        Set<String> ids = new LinkedHashSet<>();
        for (RuleInfo r : catalogue) ids.add(r.id());
        ids.add(LintResult.INTERNAL_ERROR);
        for (Finding f : result.findings()) ids.add(f.rule());
        this.rules = List.copyOf(ids);
    }

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
        return Optional.of("phasecheck-reports");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor engine = new EngineDescriptor(uniqueId, "phasecheck");
        Set<String> files = new LinkedHashSet<>();
        for (FileSummary f : result.files()) files.add(f.file());
        for (Finding f : result.findings()) files.add(fileOf(f));
        for (String file : files) {
            engine.addChild(new TranscriptDescriptor(uniqueId.append(TranscriptDescriptor.SEGMENT, file), file, null, source(file))
                    .withRuleTests(rules));
        }
        return engine;
    }

    /** The transcript a finding is about ({@value #NO_FILE} if it names none). */
    private static String fileOf(Finding f) {
        return f.file() != null ? f.file() : NO_FILE;
    }

    private static final String NO_FILE = "(no file)";

    private static TestSource source(String file) {
        try {
            Path p = Path.of(file);
            if (Files.isRegularFile(p)) return FileSource.from(p.toFile());
        } catch (InvalidPathException e) {
            // not a path of this file system: named as a resource
        }
        return ClasspathResourceSource.from(file);
    }

    @Override
    public void execute(ExecutionRequest request) {
        EngineExecutionListener listener = request.getEngineExecutionListener();
        TestDescriptor engine = request.getRootTestDescriptor();
        listener.executionStarted(engine);
        for (TestDescriptor child : engine.getChildren()) {
            TranscriptDescriptor t = (TranscriptDescriptor) child;
            TranscriptExecution.execute(t, () -> part(t), failOn, RuleFailure::new, listener);
        }
        listener.executionFinished(engine, TestExecutionResult.successful());
    }

    private LintResult part(TranscriptDescriptor t) {
        return new LintResult(result.files().stream().filter(f -> f.file().equals(t.name())).toList(),
                result.findings().stream().filter(f -> fileOf(f).equals(t.name())).toList());
    }
}
