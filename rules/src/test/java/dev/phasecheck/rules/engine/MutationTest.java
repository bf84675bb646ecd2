package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never crashes: real fixture transcripts, mutated at random (truncated, bytes flipped,
 * characters deleted, lines spliced), always lint to a result whose counts match what was read
 * and whose findings all carry a location.
 */
class MutationTest {
    @TempDir
    Path dir;

    private static List<String> sources() throws Exception {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Fixtures.root())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) texts.add(Files.readString(p));
        }
        return texts;
    }

    @Test
    void mutatedJsonlNeverCrashesAndCountsEveryLine() throws Exception {
        Random random = new Random(20261129);
        Linter linter = new Linter();
        List<String> sources = sources();
        for (int round = 0; round < 2000; round++) {
            String text = sources.get(random.nextInt(sources.size()));
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            if (b.length == 0) continue;
            switch (round % 4) {
                case 0 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length)); // truncated
                case 1 -> { for (int i = 0; i < 5; i++) b[random.nextInt(b.length)] = (byte) random.nextInt(256); }
                case 2 -> {
                    int at = random.nextInt(b.length);
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> {
                    String other = sources.get(random.nextInt(sources.size()));
                    b = (text.substring(0, random.nextInt(text.length())) + other.substring(random.nextInt(Math.max(1, other.length()))))
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            long lines = nonBlankLines(b);
            LintResult r = linter.lintJsonl(new ByteArrayInputStream(b), "m.jsonl");
            final int rnd = round;
            assertEquals(lines, r.exchanges(), () -> "round " + rnd + ": every non-blank line is one exchange position; findings: "
                    + r.findings().stream().map(f -> f.rule() + "@" + f.index() + " " + f.message()).toList());
            assertEquals(0, r.internalErrors(), () -> "round " + rnd + ": phasecheck failed on its own: " + r.findings());
            for (Finding f : r.findings()) {
                assertNotNull(f.rule());
                assertNotNull(f.message());
                assertTrue(f.index() == null || (f.line() != null && f.line() >= 1), "round " + round + ": " + f);
            }
        }
    }

    @Test
    void mutatedHarAndJsonNeverCrash() throws Exception {
        Random random = new Random(7);
        Linter linter = new Linter();
        byte[] har = Files.readAllBytes(Fixtures.root().resolve("examples/devtools-capture.har"));
        for (int round = 0; round < 60; round++) {
            byte[] b = har.clone();
            if (round % 2 == 0) b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            else for (int i = 0; i < 3; i++) b[random.nextInt(b.length)] = (byte) "{}[]\",:x0 ".charAt(random.nextInt(10));
            Path f = dir.resolve("m" + round + (round % 3 == 0 ? ".json" : ".har"));
            Files.write(f, b);
            LintResult r = linter.lint(TranscriptInput.of(f, f.getFileName().toString()));
            assertEquals(1, r.files().size());
            // bad input is the input's problem: a reader that throws is phasecheck's, and must fail this test
            final int rnd = round;
            assertEquals(0, r.internalErrors(), () -> "round " + rnd + ": phasecheck failed on its own: " + r.findings());
            for (Finding x : r.findings()) {
                assertNotNull(x.message());
                assertTrue(!x.message().contains("Source:") && !x.message().contains("byte offset"),
                        () -> "round " + rnd + ": a message leaks parser internals: " + x.message());
            }
        }
    }

    private static long nonBlankLines(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        if (s.startsWith("\uFEFF")) s = s.substring(1);
        long n = 0;
        for (String line : s.split("\n", -1)) {
            if (!line.isBlank()) n++;
        }
        return n;
    }
}
