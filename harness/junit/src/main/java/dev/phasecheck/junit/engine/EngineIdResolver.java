package dev.phasecheck.junit.engine;

import java.util.Map;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * Selecting the engine itself (its unique id {@code [engine:phasecheck]}, as Surefire and IDEs do)
 * reads the directory of {@code phasecheck.transcripts.dir}. JUnit's resolver matches the engine's
 * own unique id without asking any resolver, so {@link EngineSelection} turns that selection into
 * the {@link ConfiguredTranscripts} selector this resolves (as classpath roots do too).
 */
final class EngineIdResolver implements SelectorResolver {
    private final EngineSettings settings;

    EngineIdResolver(EngineSettings settings) {
        this.settings = settings;
    }

    @Override
    public Resolution resolve(DiscoverySelector selector, Context context) {
        if (!(selector instanceof ConfiguredTranscripts)) return Resolution.unresolved();
        return Resolutions.of(settings.dir().map(Transcripts::walk).orElse(Map.of()), null);
    }
}
