package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lint -j N}: the same reports, byte for byte, for every N. */
class JobsTest {
    @TempDir
    Path dir;

    @Test
    void everyReportIsTheSameForEveryNumberOfJobs() throws Exception {
        Path big = bigTranscript();
        String fixtures = CliTest.fixtures().toString();
        List<String> formats = List.of("json", "sarif", "junit", "html", "text");
        String[] baseline = null;
        int baselineCode = -1;
        for (String jobs : List.of("1", "2", "5")) {
            Path out = Files.createDirectories(dir.resolve("j" + jobs));
            String[] args = {"lint", "-j", jobs, "--fail-on", "never", "-f", "json", "-o", out.resolve("r.json").toString(),
                "--report", "sarif=" + out.resolve("r.sarif"), "--report", "junit=" + out.resolve("r.xml"),
                "--report", "html=" + out.resolve("r.html"), "--report", "text=" + out.resolve("r.txt"),
                fixtures, big.toString()};
            CliTest.Run r = CliTest.run(args);
            String[] reports = new String[formats.size()];
            int k = 0;
            for (String f : List.of("r.json", "r.sarif", "r.xml", "r.html", "r.txt")) {
                reports[k++] = withoutClock(Files.readString(out.resolve(f), StandardCharsets.UTF_8));
            }
            if (baseline == null) {
                baseline = reports;
                baselineCode = r.code();
                assertTrue(reports[0].contains("\"phase-dropped\""), reports[0].substring(0, 300));
            } else {
                assertEquals(baselineCode, r.code(), r.err());
                for (int i = 0; i < reports.length; i++) {
                    assertEquals(baseline[i], reports[i], formats.get(i) + " report with --jobs " + jobs);
                }
            }
        }
    }

    /** The JUnit XML report says when it ran and how long it took; that alone may differ. */
    private static String withoutClock(String report) {
        return report.replaceAll(" time=\"[0-9.]+\"", " time=\"T\"")
                .replaceAll(" timestamp=\"[0-9T:-]+\"", " timestamp=\"T\"");
    }

    @Test
    void jobsMustBePositive() {
        CliTest.Run r = CliTest.run("lint", "-j", "0", CliTest.example("agent-loop-conformant.jsonl"));
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--jobs: must be at least 1"), r.err());
    }

    /** The example transcripts' lines over and over: about 3 MB, so a file's lines go to several workers. */
    private Path bigTranscript() throws Exception {
        StringBuilder once = new StringBuilder();
        for (String name : List.of("agent-loop-drops-phase.jsonl", "agent-loop-conformant.jsonl",
                "agent-loop-streamed-conformant.jsonl", "streamed-client-merges.jsonl", "chat-completions.jsonl")) {
            once.append(Files.readString(Path.of(CliTest.example(name)), StandardCharsets.UTF_8).strip()).append('\n');
        }
        once.append("not json\n\n");
        Path p = dir.resolve("big.jsonl");
        StringBuilder all = new StringBuilder();
        while (all.length() < 3 << 20) all.append(once);
        Files.writeString(p, all, StandardCharsets.UTF_8);
        return p;
    }
}
