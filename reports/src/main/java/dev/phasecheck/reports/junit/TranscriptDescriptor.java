package dev.phasecheck.reports.junit;

import java.nio.file.Path;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * A transcript as a JUnit container, with one test per rule ({@link RuleDescriptor}). Shared by
 * the {@code phasecheck} test engine of phasecheck-junit and the {@link LintResultEngine} behind
 * the JUnit XML report.
 */
public final class TranscriptDescriptor extends AbstractTestDescriptor {
    /** The unique-id segment type of a transcript. */
    public static final String SEGMENT = "transcript";

    private final String name;
    private final Path path;

    /**
     * @param id     the container's unique id
     * @param name   the transcript's name as findings name it (and as it is displayed)
     * @param path   the file to lint, or null when the lint already happened
     * @param source where the container comes from (a file, a classpath resource, a class)
     */
    public TranscriptDescriptor(UniqueId id, String name, Path path, TestSource source) {
        super(id, name, source);
        this.name = name;
        this.path = path;
    }

    /** The name findings carry in their {@code file}. */
    public String name() {
        return name;
    }

    /** The file to lint, or null when the result was given. */
    public Path path() {
        return path;
    }

    /** A test of this transcript for one rule (not yet added as a child). */
    public RuleDescriptor ruleTest(String rule) {
        TestSource source = path != null ? FileSource.from(path.toFile()) : getSource().orElse(null);
        return new RuleDescriptor(getUniqueId().append(RuleDescriptor.SEGMENT, rule), rule, name, source);
    }

    /** Adds a test for each rule. */
    public TranscriptDescriptor withRuleTests(Iterable<String> rules) {
        for (String rule : rules) addChild(ruleTest(rule));
        return this;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public String getLegacyReportingName() {
        return name;
    }
}
