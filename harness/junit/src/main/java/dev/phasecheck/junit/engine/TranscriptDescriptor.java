package dev.phasecheck.junit.engine;

import java.nio.file.Path;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** A transcript: a container with one test per rule. */
final class TranscriptDescriptor extends AbstractTestDescriptor {
    final Path path;          // null when the result was given (CLI)
    final String name;        // the display name used in findings

    TranscriptDescriptor(UniqueId id, String name, Path path, TestSource source) {
        super(id, name, source);
        this.name = name;
        this.path = path;
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
