package dev.phasecheck.junit.engine;

import dev.phasecheck.junit.PhaseTranscripts;
import dev.phasecheck.junit.PhasecheckTranscriptsTest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * A selected class annotated {@link PhaseTranscripts} (such as the shipped
 * {@link PhasecheckTranscriptsTest}, which Surefire selects through {@code dependenciesToScan})
 * brings the transcripts of its classpath folders, its directories and
 * {@code phasecheck.transcripts.dir}, with the class as their source (Surefire reports a test set
 * per class). Any other class brings nothing: Surefire launches every test class of the project.
 */
final class MarkedClassResolver implements SelectorResolver {
    private final EngineSettings settings;

    MarkedClassResolver(EngineSettings settings) {
        this.settings = settings;
    }

    @Override
    public Resolution resolve(ClassSelector selector, Context context) {
        Class<?> type;
        PhaseTranscripts marker;
        try {
            type = selector.getJavaClass();
            marker = type.getAnnotation(PhaseTranscripts.class);
        } catch (RuntimeException | LinkageError e) {
            return Resolution.unresolved(); // a class that cannot be loaded is the Jupiter engine's to report
        }
        if (marker == null) return Resolution.unresolved();
        Map<Path, String> found = new LinkedHashMap<>();
        for (String folder : marker.value()) Transcripts.folder(type.getClassLoader(), folder).forEach(found::putIfAbsent);
        for (String dir : marker.dirs()) Transcripts.walk(Path.of(dir)).forEach(found::putIfAbsent);
        settings.dir().ifPresent(d -> Transcripts.walk(d).forEach(found::putIfAbsent));
        return Resolutions.of(found, type);
    }
}
