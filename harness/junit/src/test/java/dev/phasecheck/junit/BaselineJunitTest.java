package dev.phasecheck.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import dev.phasecheck.reports.Baseline;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Baselines in the JUnit integration: the engine's phasecheck.baseline and the extension builder's baseline(Path). */
class BaselineJunitTest {
    @TempDir
    Path dir;

    Path baselineOf(Path transcript, String name, int keep) throws Exception {
        LintResult r = new Linter().lint(List.of(TranscriptInput.of(transcript, name)));
        Baseline all = Baseline.of(r, null, "b.json");
        Path file = dir.resolve("baseline-" + keep + ".json");
        try (OutputStream out = Files.newOutputStream(file)) {
            new Baseline("b.json", all.entries().subList(0, keep)).write(out);
        }
        return file;
    }

    @Test
    void theEngineAcceptsBaselinedFindingsAndStillFailsNewOnes() throws Exception {
        Path t = dir.resolve("transcripts");
        Files.createDirectories(t);
        Files.copy(EngineTest.fixtures().resolve("examples/agent-loop-drops-phase.jsonl"), t.resolve("a.jsonl"));
        EngineTestKit.engine("phasecheck").selectors(selectDirectory(t.toFile()))
                .configurationParameter("phasecheck.baseline", baselineOf(t.resolve("a.jsonl"), "a.jsonl", 2).toString())
                .execute().testEvents().assertStatistics(s -> s.failed(0));
        EngineTestKit.engine("phasecheck").selectors(selectDirectory(t.toFile()))
                .configurationParameter("phasecheck.baseline", baselineOf(t.resolve("a.jsonl"), "a.jsonl", 1).toString())
                .execute().testEvents().assertThatEvents()
                .haveExactly(1, event(test("phase-dropped"), finishedWithFailure()));
        Files.writeString(dir.resolve("bad.json"), "{");
        // an unreadable baseline stops the engine: nothing passes
        Throwable bad = assertThrows(Throwable.class, () -> EngineTestKit.engine("phasecheck").selectors(selectDirectory(t.toFile()))
                .configurationParameter("phasecheck.baseline", dir.resolve("bad.json").toString()).execute());
        StringBuilder chain = new StringBuilder();
        for (Throwable c = bad; c != null; c = c.getCause()) chain.append(c.getMessage()).append('\n');
        assertTrue(chain.toString().contains("phasecheck engine: baseline " + dir.resolve("bad.json") + ": not JSON"), chain.toString());
    }

    @Test
    void conformanceFiltersBaselinedFindingsButNeverInternalErrors() throws Exception {
        Path f = EngineTest.fixtures().resolve("examples/agent-loop-drops-phase.jsonl");
        LintResult r = new Linter().lint(List.of(TranscriptInput.of(f, "x.jsonl")));
        Conformance plain = new Conformance(FailOn.ERROR, List.of(), List.of(), null);
        assertEquals(2, plain.failing(r.findings()).size(), "two faults");
        Conformance baselined = plain.withBaseline(baselineOf(f, "x.jsonl", 2));
        assertEquals(0, baselined.failing(r.findings()).size());
        assertEquals(1, plain.withBaseline(baselineOf(f, "x.jsonl", 1)).failing(r.findings()).size());
        Files.writeString(dir.resolve("bad.json"), "[]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.withBaseline(dir.resolve("bad.json")));
        assertTrue(e.getMessage().contains("not a phasecheck baseline"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PhaseConformanceExtension.builder().scenario("tool-loop").baseline(dir.resolve("none.json")).build());
        PhaseConformanceExtension.builder().scenario("tool-loop").baseline(baselineOf(f, "x.jsonl", 1)).build();
    }
}
