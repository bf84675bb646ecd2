package dev.phasecheck.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.ExchangeObserver;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.read.Exchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lint(inputs, jobs)} gives the sequential path's result, and shows observers the same, for every jobs. */
class ParallelLintTest {

    @TempDir
    Path tmp;

    @Test
    void everyFixtureLintsTheSameOnAnyNumberOfJobs() throws Exception {
        List<TranscriptInput> inputs = TranscriptInput.expand(List.of(Fixtures.root().toString()), null);
        assertTrue(inputs.size() > 50, "fixtures found: " + inputs.size());
        LintResult sequential = new Linter().lint(inputs);
        assertTrue(sequential.findings().size() > 50);
        for (int jobs : new int[] {2, 3, 8}) {
            assertEquals(sequential, new Linter().lint(inputs, jobs), "jobs=" + jobs);
        }
    }

    @Test
    void aLargeGeneratedTranscriptLintsTheSameOnAnyNumberOfJobs() throws Exception {
        Path big = generated(tmp.resolve("big.jsonl"), 6 << 20);
        List<TranscriptInput> one = List.of(TranscriptInput.of(big, "big.jsonl"));
        LintResult sequential = new Linter().lint(one);
        assertTrue(sequential.exchanges() > 2000, "exchanges: " + sequential.exchanges());
        // the transcript exercises the stateful checks as well as the per-line ones
        List<String> rules = sequential.findings().stream().map(Finding::rule).distinct().sorted().toList();
        for (String r : List.of("schema", "phase-dropped", "transcript-unreadable", "response-phase-missing", "history-gap")) {
            assertTrue(rules.contains(r), r + " in " + rules);
        }
        for (int jobs : new int[] {2, 4}) {
            assertEquals(sequential, new Linter().lint(one, jobs), "jobs=" + jobs);
        }
        // standard input goes the same way
        byte[] bytes = Files.readAllBytes(big);
        LintResult piped = new Linter().lint(List.of(TranscriptInput.of(new ByteArrayInputStream(bytes), "big.jsonl")), 3);
        assertEquals(sequential, piped);
    }

    @Test
    void observersSeeTheSameExchangesAndEndsInInputOrder() throws Exception {
        Path a = generated(tmp.resolve("a.jsonl"), 1 << 20);
        Path b = generated(tmp.resolve("b.jsonl"), 300 << 10);
        List<TranscriptInput> inputs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inputs.add(TranscriptInput.of(i % 2 == 0 ? a : b, "t" + i));
            inputs.add(TranscriptInput.of(Fixtures.root().resolve("examples/agent-loop-drops-phase.jsonl"), "e" + i));
        }
        assertEquals(watch(inputs, 1), watch(inputs, 4));
    }

    @Test
    void aDetachedEmitterAnswersOnlyWhatNeedsNoEarlierExchange() {
        List<Finding> seen = new ArrayList<>();
        dev.phasecheck.rules.api.Emitter e = new dev.phasecheck.rules.api.Emitter(java.util.Map.of(),
                Config.defaults().phaseModels(), seen::add);
        dev.phasecheck.rules.api.Emitter d = e.detached(seen::add);
        assertTrue(d.isPhaseModel("gpt-5.4"));
        assertEquals(false, d.isPhaseModel(null));
        // by name it is not one, but a response of the transcript may have shown it is: only the sequential pass knows
        assertThrows(dev.phasecheck.rules.api.Emitter.NeedsSequence.class, () -> d.isPhaseModel("acme-7"));
        assertEquals(false, e.isPhaseModel("acme-7"));
        assertThrows(dev.phasecheck.rules.api.Emitter.NeedsSequence.class, () -> d.state(StringBuilder.class, StringBuilder::new));
        final class Cache implements dev.phasecheck.rules.api.Emitter.Memo {}
        assertTrue(d.state(Cache.class, Cache::new) == d.state(Cache.class, Cache::new));
        assertTrue(d.state(Cache.class, Cache::new) != e.state(Cache.class, Cache::new));
    }

    @Test
    void jobsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Linter().lint(List.of(), 0));
    }

    @Test
    void aJsonlStreamWithGarbageAndBlankLinesKeepsItsPositions() {
        StringBuilder sb = new StringBuilder("\uFEFF");
        for (int i = 0; i < 3000; i++) {
            if (i % 11 == 5) sb.append("\n");
            sb.append(i % 7 == 3 ? "garbage\n" : "{\"request\":{\"model\":\"gpt-5.4\",\"input\":\"q" + i + "\"}}\n");
        }
        sb.append("{\"request\":{\"model\":\"gpt-5.4\",\"input\":\"no newline at the end\"}}");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        LintResult one = new Linter().lint(List.of(TranscriptInput.of(new ByteArrayInputStream(bytes), "t")), 1);
        LintResult two = new Linter().lint(List.of(TranscriptInput.of(new ByteArrayInputStream(bytes), "t")), 2);
        assertEquals(3001, one.exchanges());
        assertEquals(one, two);
    }

    @Test
    void aLineTooLongForOneBufferIsReadInItsPlace() throws Exception {
        Path f = tmp.resolve("long.jsonl");
        String small = Files.readString(Fixtures.root().resolve("examples/agent-loop-drops-phase.jsonl"), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) sb.append(small);
        // over 16 MB: read from its chunks on the reader's thread, between the runs of lines parsed on workers
        sb.append("{\"url\":\"/v1/responses\",\"request\":{\"model\":\"gpt-5.4\",\"input\":\"")
                .append("x".repeat(17 << 20)).append("\"},\"response\":{\"id\":1}}\n");
        for (int i = 0; i < 40; i++) sb.append(small);
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        List<TranscriptInput> in = List.of(TranscriptInput.of(f, "long.jsonl"));
        LintResult one = new Linter().lint(in, 1);
        assertTrue(one.findings().stream().anyMatch(x -> x.rule().equals("schema") && x.line() == 121), Lint.all(one).toString());
        assertEquals(one, new Linter().lint(in, 2));
    }

    @Test
    void aStreamThatFailsMidwayKeepsWhatWasReadOnAnyNumberOfJobs() {
        byte[] good = (ReplayTest.T1 + ReplayTest.turn2Line(ReplayTest.M2)).repeat(500).getBytes(StandardCharsets.UTF_8);
        java.util.function.Supplier<java.io.InputStream> failing = () -> new java.io.InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                if (pos < good.length) return good[pos++];
                throw new IOException("disk on fire");
            }
        };
        LintResult one = new Linter().lint(List.of(TranscriptInput.of(failing.get(), "t")), 1);
        LintResult two = new Linter().lint(List.of(TranscriptInput.of(failing.get(), "t")), 2);
        assertEquals(1000, one.exchanges());
        assertTrue(one.findings().stream().anyMatch(x -> x.message().contains("disk on fire")));
        assertEquals(one, two);
    }

    /** Everything every observer saw, per transcript in the order its end arrived. */
    private static List<String> watch(List<TranscriptInput> inputs, int jobs) {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ExchangeObserver.Factory factory = file -> new ExchangeObserver() {
            private final StringBuilder sb = new StringBuilder(file).append(':');

            @Override
            public void exchange(Exchange ex, int resent, List<Finding> findings) {
                sb.append(' ').append(ex.index()).append('/').append(resent).append(findings);
            }

            @Override
            public void end() {
                seen.add(sb.toString());
            }
        };
        new Linter().withObservers(factory).lint(inputs, jobs);
        return List.copyOf(seen);
    }

    /**
     * A transcript of about {@code bytes}: every JSONL fixture's lines, over and over (so replays
     * run across them and the stateful checks have much to say), with invalid lines, blank lines,
     * and a model that is a phase model only because a response of it carried a phase.
     */
    static Path generated(Path file, long bytes) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Fixtures.root())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!l.isBlank()) lines.add(l.replace("\uFEFF", ""));
                }
            }
        }
        String observed = "{\"url\":\"/v1/responses\",\"request\":{\"model\":\"acme-7\",\"input\":\"hi\"},\"response\":{\"id\":\"r_a\",\"object\":\"response\",\"model\":\"acme-7\",\"status\":\"completed\",\"output\":[{\"id\":\"m_a\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\",\"phase\":\"final_answer\",\"content\":[{\"type\":\"output_text\",\"text\":\"ok\",\"annotations\":[]}]}]}}";
        String unlabelled = "{\"url\":\"/v1/responses\",\"request\":{\"model\":\"acme-7\",\"input\":\"again\"},\"response\":{\"id\":\"r_b\",\"object\":\"response\",\"model\":\"acme-7\",\"status\":\"completed\",\"output\":[{\"id\":\"m_b\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"ok\",\"annotations\":[]}]}]}}";
        long written = 0;
        int k = 0;
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < bytes) {
                String l;
                if (k % 997 == 500) l = unlabelled;         // before the first observed: not yet a phase model
                else if (k % 997 == 600) l = observed;
                else if (k % 389 == 7) l = "{\"request\": not json";
                else if (k % 211 == 3) l = "";
                else l = lines.get(k % lines.size());
                w.write(l);
                w.write('\n');
                written += l.length() + 1;
                k++;
            }
        }
        return file;
    }
}
