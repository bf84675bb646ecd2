package dev.phasecheck.junit.engine;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.DiscoveryFilter;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryListener;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.UniqueIdSelector;

/**
 * A discovery request in which selecting the engine's own unique id also selects
 * {@link ConfiguredTranscripts}: JUnit's resolver matches the engine's id by itself, without
 * asking a resolver, so this is how {@link EngineIdResolver} gets to see that selection.
 */
final class EngineSelection implements EngineDiscoveryRequest {
    private final EngineDiscoveryRequest request;

    private EngineSelection(EngineDiscoveryRequest request) {
        this.request = request;
    }

    /** The request as it is, or with {@link ConfiguredTranscripts} when the engine itself is selected. */
    static EngineDiscoveryRequest of(EngineDiscoveryRequest request, UniqueId engineId) {
        boolean engineSelected = request.getSelectorsByType(UniqueIdSelector.class).stream()
                .anyMatch(s -> s.getUniqueId().equals(engineId));
        return engineSelected ? new EngineSelection(request) : request;
    }

    @Override
    public <T extends DiscoverySelector> List<T> getSelectorsByType(Class<T> type) {
        List<T> selectors = new ArrayList<>(request.getSelectorsByType(type));
        if (type.isInstance(ConfiguredTranscripts.SELECTOR)) selectors.add(type.cast(ConfiguredTranscripts.SELECTOR));
        return selectors;
    }

    @Override
    public <T extends DiscoveryFilter<?>> List<T> getFiltersByType(Class<T> type) {
        return request.getFiltersByType(type);
    }

    @Override
    public ConfigurationParameters getConfigurationParameters() {
        return request.getConfigurationParameters();
    }

    @Override
    public EngineDiscoveryListener getDiscoveryListener() {
        return request.getDiscoveryListener();
    }

    @Override
    public OutputDirectoryCreator getOutputDirectoryCreator() {
        return request.getOutputDirectoryCreator();
    }

    @SuppressWarnings("deprecation")
    @Override
    public org.junit.platform.engine.reporting.OutputDirectoryProvider getOutputDirectoryProvider() {
        return request.getOutputDirectoryProvider();
    }
}
