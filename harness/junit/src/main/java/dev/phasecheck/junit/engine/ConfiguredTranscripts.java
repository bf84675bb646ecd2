package dev.phasecheck.junit.engine;

import org.junit.platform.engine.DiscoverySelector;

/**
 * The transcripts of the configuration parameter {@code phasecheck.transcripts.dir} (the engine's
 * own selector): read when the engine itself or a classpath root is selected, not for every class
 * Surefire launches.
 */
record ConfiguredTranscripts() implements DiscoverySelector {
    static final ConfiguredTranscripts SELECTOR = new ConfiguredTranscripts();
}
