package dev.phasecheck.junit.engine;

import java.nio.file.Path;
import java.util.Map;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * A selected file is a transcript (named as it was given; one that cannot be read fails its
 * {@code transcript-unreadable} test); a selected directory brings every transcript under it,
 * named relative to it.
 */
final class FileSystemResolver implements SelectorResolver {
    @Override
    public Resolution resolve(FileSelector selector, Context context) {
        Path path = Transcripts.absolute(selector.getPath());
        return Resolutions.of(Map.of(path, selector.getRawPath()), null);
    }

    @Override
    public Resolution resolve(DirectorySelector selector, Context context) {
        return Resolutions.of(Transcripts.walk(selector.getPath()), null);
    }
}
