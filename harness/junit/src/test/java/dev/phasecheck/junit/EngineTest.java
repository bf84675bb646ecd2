package dev.phasecheck.junit;

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
                finishedWithFailure(message(m -> m.contains("3 phase-dropped findings") && m.contains("/request/input/3")))));
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
}
