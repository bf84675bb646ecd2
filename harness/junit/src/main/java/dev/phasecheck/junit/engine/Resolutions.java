package dev.phasecheck.junit.engine;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.support.discovery.SelectorResolver.Resolution;

/** Found transcripts as the selectors a resolver hands on. */
final class Resolutions {
    private Resolutions() {}

    /** The transcripts found (absolute path to name) as selectors, plus any extra; unresolved when there are none. */
    static Resolution of(Map<Path, String> found, Class<?> via, DiscoverySelector... extra) {
        Set<DiscoverySelector> selectors = new LinkedHashSet<>();
        found.forEach((path, name) -> selectors.add(TranscriptSelector.file(path, name, via)));
        selectors.addAll(java.util.List.of(extra));
        return selectors.isEmpty() ? Resolution.unresolved() : Resolution.selectors(selectors);
    }
}
