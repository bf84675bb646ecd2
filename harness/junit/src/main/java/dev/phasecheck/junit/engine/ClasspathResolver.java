package dev.phasecheck.junit.engine;

import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * A classpath root brings the transcripts of its {@code transcripts/} folder
 * ({@code phasecheck.transcripts.resources}), so {@code src/test/resources/transcripts/} just
 * works, and those of {@code phasecheck.transcripts.dir}; a classpath resource is a transcript
 * (copied out of a jar when it has to be).
 */
final class ClasspathResolver implements SelectorResolver {
    private final EngineSettings settings;

    ClasspathResolver(EngineSettings settings) {
        this.settings = settings;
    }

    @Override
    public Resolution resolve(ClasspathRootSelector selector, Context context) {
        Map<Path, String> found = Map.of();
        try {
            Path folder = Path.of(selector.getClasspathRoot()).resolve(settings.folder());
            if (Files.isDirectory(folder)) found = Transcripts.walk(folder);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            // a jar on the classpath: no transcripts folder to walk
        }
        return Resolutions.of(found, null, ConfiguredTranscripts.SELECTOR);
    }

    @Override
    public Resolution resolve(ClasspathResourceSelector selector, Context context) {
        String name = selector.getClasspathResourceName();
        Path file = Transcripts.resourceFile(name);
        if (file != null) return Resolutions.of(Map.of(file, name), null);
        if (Transcripts.hasResource(name)) return Resolution.selectors(Set.of(TranscriptSelector.resource(name)));
        return Resolution.unresolved();
    }
}
