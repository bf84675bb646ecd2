package dev.phasecheck.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.phasecheck.rules.engine.Rules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The phasecheck engine: transcripts as containers, a test per rule, failing with the findings. */
class EngineTest {
    @TempDir
    Path dir;

    static Path fixtures() {
        return Path.of(System.getProperty("phasecheck.fixtures", "../../fixtures"));
    }

    @Test
    void aFaultyTranscriptFailsExactlyItsRuleTests() {
        Path f = fixtures().resolve("examples/agent-loop-drops-phase.jsonl");
        Events tests = EngineTestKit.engine("phasecheck").selectors(selectFile(f.toFile())).execute().testEvents();
        int rules = Rules.all().size();
        tests.assertStatistics(s -> s.started(rules).failed(1).succeeded(rules - 1));
        tests.assertThatEvents().haveExactly(1, event(test("phase-dropped"),
                finishedWithFailure(message(m -> m.contains("2 phase-dropped findings") && m.contains("/request/input/3")))));
    }

    @Test
    void directoriesAndTheConfigurationParameter() throws Exception {
        Files.copy(fixtures().resolve("examples/agent-loop-conformant.jsonl"), dir.resolve("a.jsonl"));
        Files.copy(fixtures().resolve("examples/devtools-capture.har"), dir.resolve("b.har"));
        Files.writeString(dir.resolve("notes.txt"), "not a transcript");
        EngineTestKit.engine("phasecheck").selectors(selectDirectory(dir.toFile())).execute().containerEvents().started()
                .assertThatEvents().haveExactly(1, event(container("a.jsonl"))).haveExactly(1, event(container("b.har")));
        Events viaParam = EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectUniqueId("[engine:phasecheck]"))
                .configurationParameter("phasecheck.transcripts.dir", dir.toString()).execute().testEvents();
        viaParam.assertThatEvents().haveExactly(1, event(test("message-omitted"), finishedWithFailure()));
    }

    @Test
    void failOnAndPhaseModelsAreConfigurationParameters() {
        Path f = fixtures().resolve("rules/history-gap/fail-lost-earlier-commentary.jsonl");
        EngineTestKit.engine("phasecheck").selectors(selectFile(f.toFile())).execute().testEvents()
                .assertStatistics(s -> s.failed(0));
        EngineTestKit.engine("phasecheck").selectors(selectFile(f.toFile()))
                .configurationParameter("phasecheck.failOn", "warning").execute().testEvents()
                .assertStatistics(s -> s.failed(1));
        Path other = fixtures().resolve("rules/phase-dropped/fail-other-model-is-warning.jsonl");
        EngineTestKit.engine("phasecheck").selectors(selectFile(other.toFile()))
                .configurationParameter("phasecheck.phaseModels", "acme-*").execute().testEvents()
                .assertStatistics(s -> s.failed(1));
    }

    @Test
    void classpathResourcesAndClasspathRoots() throws Exception {
        Events byResource = EngineTestKit.engine("phasecheck")
                .selectors(DiscoverySelectors.selectClasspathResource("transcripts/sample-drops-phase.jsonl")).execute().testEvents();
        byResource.assertThatEvents().haveExactly(1, event(test("phase-dropped"), finishedWithFailure()));
        Path root = Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectClasspathRoots(java.util.Set.of(root)).get(0))
                .execute().containerEvents().started().assertThatEvents()
                .haveExactly(1, event(container("sample-drops-phase.jsonl")));
    }

    @Test
    void theShippedMarkerClassFindsTheTranscriptsFolder() {
        EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectClass(PhasecheckTranscriptsTest.class))
                .execute().testEvents().assertThatEvents()
                .haveExactly(1, event(test("phase-dropped"), finishedWithFailure()));
        // another class (what Surefire launches for each of the user's test classes) brings no transcripts
        EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectClass(EngineTest.class))
                .configurationParameter("phasecheck.transcripts.dir", fixtures().resolve("examples").toString())
                .execute().testEvents().assertStatistics(s -> s.started(0));
    }

    /** The unique id of the one test that failed. */
    private static org.junit.platform.engine.UniqueId failedTestId(Events tests) {
        var failed = tests.failed().list();
        assertEquals(1, failed.size(), failed.toString());
        return failed.get(0).getTestDescriptor().getUniqueId();
    }

    @Test
    void aFailedRuleTestsUniqueIdRunsExactlyThatTest() {
        // what an IDE's "rerun failed" and Surefire's rerunFailingTestsCount select
        Path f = fixtures().resolve("examples/agent-loop-drops-phase.jsonl");
        var id = failedTestId(EngineTestKit.engine("phasecheck").selectors(selectFile(f.toFile())).execute().testEvents());
        Events again = EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectUniqueId(id)).execute().testEvents();
        again.assertStatistics(s -> s.started(1).failed(1).succeeded(0));
        again.assertThatEvents().haveExactly(1, event(test("phase-dropped"),
                finishedWithFailure(message(m -> m.contains("2 phase-dropped findings")))));
        assertEquals(id, again.failed().list().get(0).getTestDescriptor().getUniqueId());
        // a rule test whose rule is not on, or of a transcript that is not there, selects nothing
        EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectUniqueId(id.removeLastSegment().append("rule", "no-such-rule")))
                .execute().testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void aTranscriptContainersUniqueIdRunsExactlyItsRuleTests() throws Exception {
        Files.copy(fixtures().resolve("examples/agent-loop-conformant.jsonl"), dir.resolve("a.jsonl"));
        Files.copy(fixtures().resolve("examples/agent-loop-drops-phase.jsonl"), dir.resolve("b.jsonl"));
        var all = EngineTestKit.engine("phasecheck").selectors(selectDirectory(dir.toFile())).execute();
        all.testEvents().assertStatistics(s -> s.started(2 * Rules.all().size()).failed(1));
        var container = all.containerEvents().started().list().stream().map(e -> e.getTestDescriptor())
                .filter(d -> d.getDisplayName().equals("b.jsonl")).findFirst().orElseThrow().getUniqueId();
        var again = EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectUniqueId(container))
                .configurationParameter("phasecheck.transcripts.dir", dir.toString()).execute();
        int rules = Rules.all().size();
        again.testEvents().assertStatistics(s -> s.started(rules).failed(1).succeeded(rules - 1));
        again.testEvents().assertThatEvents().haveExactly(1, event(test("phase-dropped"), finishedWithFailure()));
        // named as the directory named it (the configured directory is one discovery names transcripts by)
        again.containerEvents().started().assertThatEvents().haveExactly(1, event(container("b.jsonl")))
                .noneMatch(e -> e.getTestDescriptor().getDisplayName().equals("a.jsonl"));
        // the container and one of its tests: the whole container, once
        var both = EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectUniqueId(container),
                DiscoverySelectors.selectUniqueId(container.append("rule", "phase-dropped"))).execute().testEvents();
        both.assertStatistics(s -> s.started(rules).failed(1));
    }

    @Test
    void aMarkedClassesTranscriptRerunsWithItsClassAsSource() {
        var first = EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectClass(PhasecheckTranscriptsTest.class))
                .execute().testEvents();
        var id = failedTestId(first);
        String name = first.failed().list().get(0).getTestDescriptor().getDisplayName();
        Events again = EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectUniqueId(id)).execute().testEvents();
        again.assertStatistics(s -> s.started(1).failed(1));
        var test = again.failed().list().get(0).getTestDescriptor();
        assertEquals(id, test.getUniqueId());
        assertEquals(name, test.getDisplayName(), "named as the first run named it");
        var parent = test.getParent().orElseThrow();
        assertEquals(java.util.Optional.of(org.junit.platform.engine.support.descriptor.ClassSource.from(PhasecheckTranscriptsTest.class)),
                parent.getSource(), "Surefire reports a rerun in the test set of the first run");
    }

    @Test
    void aTranscriptsUniqueIdDoesNotBringTheConfiguredDirectory() throws Exception {
        Files.copy(fixtures().resolve("examples/agent-loop-conformant.jsonl"), dir.resolve("a.jsonl"));
        Path f = fixtures().resolve("examples/agent-loop-drops-phase.jsonl");
        var id = failedTestId(EngineTestKit.engine("phasecheck").selectors(selectFile(f.toFile())).execute().testEvents());
        EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectUniqueId(id.removeLastSegment()))
                .configurationParameter("phasecheck.transcripts.dir", dir.toString()).execute().containerEvents().started()
                .assertThatEvents().noneMatch(e -> e.getTestDescriptor().getDisplayName().equals("a.jsonl"));
        // another engine's unique id is not this engine's to resolve
        EngineTestKit.engine("phasecheck").selectors(DiscoverySelectors.selectUniqueId(
                        org.junit.platform.engine.UniqueId.forEngine("junit-jupiter").append("transcript", f.toAbsolutePath().toString())))
                .execute().testEvents().assertStatistics(s -> s.started(0));
    }
}
