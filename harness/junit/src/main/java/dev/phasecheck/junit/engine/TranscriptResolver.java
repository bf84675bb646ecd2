package dev.phasecheck.junit.engine;

import dev.phasecheck.reports.junit.RuleDescriptor;
import dev.phasecheck.reports.junit.TranscriptDescriptor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.discovery.SelectorResolver;

/**
 * Makes the descriptors: a transcript ({@link TranscriptSelector}, or its unique id
 * {@code [engine:phasecheck]/[transcript:…]}) is a container with a test for each rule that is on;
 * a rule test's unique id {@code …/[rule:ID]} selects that one test in its container. A transcript
 * found twice (say by a directory and by a file) is one container, the first one found.
 */
final class TranscriptResolver implements SelectorResolver {
    private final EngineSettings settings;
    /** This discovery's containers by location (one resolver per discovery: no state shared between runs). */
    private final Map<String, TranscriptDescriptor> byLocation = new HashMap<>();

    TranscriptResolver(EngineSettings settings) {
        this.settings = settings;
    }

    @Override
    public Resolution resolve(DiscoverySelector selector, Context context) {
        return selector instanceof TranscriptSelector t ? transcript(t, context) : Resolution.unresolved();
    }

    @Override
    public Resolution resolve(UniqueIdSelector selector, Context context) {
        UniqueId id = selector.getUniqueId();
        List<UniqueId.Segment> segments = id.getSegments();
        if (segments.size() < 2 || segments.size() > 3 || !segments.get(1).getType().equals(TranscriptDescriptor.SEGMENT)) {
            return Resolution.unresolved();
        }
        if (segments.size() == 2) {
            TranscriptSelector t = TranscriptSelector.fromUniqueIdValue(segments.get(1).getValue(), settings);
            return t == null ? Resolution.unresolved() : transcript(t, context);
        }
        UniqueId.Segment last = id.getLastSegment();
        if (!last.getType().equals(RuleDescriptor.SEGMENT) || !settings.rules().contains(last.getValue())) {
            return Resolution.unresolved();
        }
        Optional<RuleDescriptor> test = context.addToParent(() -> DiscoverySelectors.selectUniqueId(id.removeLastSegment()),
                parent -> parent instanceof TranscriptDescriptor t ? Optional.of(t.ruleTest(last.getValue())) : Optional.empty());
        return test.map(t -> Resolution.match(Match.exact(t))).orElse(Resolution.unresolved());
    }

    private Resolution transcript(TranscriptSelector t, Context context) {
        TranscriptDescriptor existing = byLocation.get(t.location());
        if (existing != null) return Resolution.match(Match.exact(existing, () -> ruleSelectors(existing)));
        Path path = t.path();
        if (path == null) {
            path = Transcripts.resourceCopy(t.resourceName());
            if (path == null) return Resolution.unresolved();
        }
        Path file = path;
        TestSource source = t.via() != null ? ClassSource.from(t.via()) : FileSource.from(file.toFile());
        Optional<TranscriptDescriptor> made = context.addToParent(parent -> Optional.of(new TranscriptDescriptor(
                parent.getUniqueId().append(TranscriptDescriptor.SEGMENT, t.uniqueIdValue()), t.name(), file, source)));
        if (made.isEmpty()) return Resolution.unresolved();
        TranscriptDescriptor d = made.get();
        byLocation.putIfAbsent(t.location(), d);
        return Resolution.match(Match.exact(d, () -> ruleSelectors(d)));
    }

    /** Selecting a container runs each of its rule tests. */
    private Set<DiscoverySelector> ruleSelectors(TestDescriptor transcript) {
        Set<DiscoverySelector> out = new LinkedHashSet<>();
        for (String rule : settings.rules()) {
            out.add(DiscoverySelectors.selectUniqueId(transcript.getUniqueId().append(RuleDescriptor.SEGMENT, rule)));
        }
        return out;
    }
}
