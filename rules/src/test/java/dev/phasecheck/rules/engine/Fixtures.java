package dev.phasecheck.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** Finds the repository's fixtures and reads their expected-findings sidecars. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        String prop = System.getProperty("phasecheck.fixtures");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "fixtures");
        if (!Files.isDirectory(p)) throw new IllegalStateException("fixtures not found at " + p.toAbsolutePath());
        return p;
    }

    static Path rules() {
        return root().resolve("rules");
    }

    /** Transcript fixture files of a rule directory (sidecars excluded), sorted. */
    static List<Path> transcripts(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> !f.getFileName().toString().endsWith(".expected")).sorted().toList();
        }
    }

    static Path sidecar(Path fixture) {
        return fixture.resolveSibling(fixture.getFileName() + ".expected");
    }

    /**
     * The sidecar's rows: {@code rule severity index line pointer}, {@code -} for none and
     * {@code ""} for the empty pointer; {@code #} starts a comment.
     */
    static List<String> expected(Path fixture) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(sidecar(fixture))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            rows.add(String.join(" ", t.split("\\s+")));
        }
        return rows;
    }

    /**
     * True for a relay fixture: a directory holding the two legs of a proxy run, {@code client.jsonl}
     * and {@code upstream.jsonl}, judged by the relay judge rather than linted as one transcript.
     */
    static boolean isPair(Path fixture) {
        return Files.isDirectory(fixture);
    }

    /** The relay findings of a pair fixture (legs named client.jsonl and upstream.jsonl). */
    static List<Finding> relay(Path pair) throws IOException {
        return new dev.phasecheck.rules.relay.RelayJudge(Config.defaults())
                .judge(leg(pair, "client.jsonl"), leg(pair, "upstream.jsonl")).findings();
    }

    private static dev.phasecheck.rules.relay.Leg leg(Path pair, String name) throws IOException {
        tools.jackson.databind.ObjectMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<tools.jackson.databind.JsonNode> ex = new ArrayList<>();
        for (String line : Files.readAllLines(pair.resolve(name))) {
            if (!line.isBlank()) ex.add(json.readTree(line));
        }
        return new dev.phasecheck.rules.relay.Leg(name, ex);
    }

    /** A relay finding in the sidecar's row form: the row, then its direction and the leg it is on. */
    static String relayRow(Finding f) {
        return row(f) + " " + f.direction() + " " + f.file();
    }

    /** A finding in the sidecar's row form. */
    static String row(Finding f) {
        String row = f.rule() + " " + f.severity().id() + " " + (f.index() == null ? "-" : f.index()) + " "
                + (f.line() == null ? "-" : f.line()) + " "
                + (f.pointer() == null ? "-" : f.pointer().isEmpty() ? "\"\"" : f.pointer());
        if (f.repeats().isEmpty()) return row;
        // one finding per fault: the later requests that repeat it, as index:pointer
        StringBuilder sb = new StringBuilder(row).append(" repeats=");
        for (int i = 0; i < f.repeats().size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(f.repeats().get(i).index()).append(':').append(f.repeats().get(i).pointer());
        }
        return sb.toString();
    }

    /**
     * One test per fixture in each directory under {@code root}: linted, it gives exactly the rows
     * of its sidecar; {@code more} checks anything else of the result (given the fixture's name).
     */
    static List<DynamicTest> sidecarTests(Path root, Linter linter, BiConsumer<String, LintResult> more) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                for (Path fixture : transcripts(dir)) {
                    String name = dir.getFileName() + "/" + fixture.getFileName();
                    tests.add(DynamicTest.dynamicTest(name, fixture.toUri(), () -> {
                        List<String> expected = expected(fixture);
                        if (isPair(fixture)) { // a relay fixture: a client leg and an upstream leg, judged together
                            List<Finding> relay = relay(fixture);
                            List<String> rows = relay.stream().map(Fixtures::relayRow).toList();
                            assertEquals(String.join("\n", expected), String.join("\n", rows), () -> name
                                    + " relay findings differ; messages:\n" + String.join("\n", relay.stream()
                                            .map(f -> relayRow(f) + ": " + f.message()).toList()));
                            return;
                        }
                        LintResult result = linter.lint(TranscriptInput.of(fixture, name));
                        List<String> actual = result.findings().stream().map(Fixtures::row).toList();
                        assertEquals(String.join("\n", expected), String.join("\n", actual),
                                () -> name + " findings differ; messages:\n" + messages(result));
                        more.accept(name, result);
                    }));
                }
            }
        }
        return tests;
    }

    /** Each finding's row, interaction and message, for a failure message. */
    static String messages(LintResult r) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : r.findings()) {
            sb.append("  ").append(row(f)).append(f.interaction() == null ? "" : " interaction " + f.interaction())
                    .append(": ").append(f.message()).append('\n');
        }
        return sb.toString();
    }
}
