package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CI ergonomics on the command line: baselines, the github and gitlab formats, progress. */
class CiCliTest {
    @TempDir
    Path dir;

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void writeABaselineThenLintAgainstIt() throws Exception {
        String drops = CliTest.example("agent-loop-drops-phase.jsonl");
        Path baseline = dir.resolve("phasecheck-baseline.json");
        CliTest.Run write = CliTest.run("lint", "--write-baseline", baseline.toString(), drops);
        assertEquals(0, write.code(), "--write-baseline exits 0: " + write.err());
        assertTrue(write.out().contains("2 errors"), "the report is still written: " + write.out());
        assertTrue(write.err().contains("wrote the baseline " + baseline + " (2 findings)"), write.err());
        JsonNode b = JSON.readTree(baseline.toFile());
        assertEquals(2, b.path("entries").size(), "one entry per fault");

        CliTest.Run against = CliTest.run("lint", "--baseline", baseline.toString(), drops);
        assertEquals(0, against.code(), against.out());
        assertTrue(against.out().contains("2 findings baselined (they do not fail the run), 0 stale entries"), against.out());
        assertTrue(against.out().contains("error [phase-dropped] (baselined)"), against.out());

        // the JSON report carries the fingerprint of every finding; SARIF the same value
        CliTest.Run json = CliTest.run("lint", "-f", "json", "--baseline", baseline.toString(), drops);
        JsonNode report = JSON.readTree(json.out());
        assertTrue(report.path("findings").get(0).path("baselined").asBoolean());
        assertEquals(b.path("entries").get(0).path("fingerprint").asString(), report.path("findings").get(0).path("fingerprint").asString());

        // a new finding in the same file still fails; the baseline's entries for a file no longer linted are stale
        CliTest.Run other = CliTest.run("lint", "--baseline", baseline.toString(), CliTest.example("chat-completions.jsonl"),
                "--fail-on", "warning");
        assertEquals(1, other.code(), other.out());
        assertTrue(other.out().contains("0 findings baselined (they do not fail the run), 2 stale entries"), other.out());
        CliTest.Run clean = CliTest.run("lint", "--baseline", baseline.toString(), CliTest.example("agent-loop-conformant.jsonl"));
        assertEquals(0, clean.code(), "stale entries alone do not fail: " + clean.out());
        CliTest.Run strict = CliTest.run("lint", "--baseline", baseline.toString(), "--fail-on-stale",
                CliTest.example("agent-loop-conformant.jsonl"));
        assertEquals(1, strict.code(), strict.out());
        assertTrue(strict.out().contains("stale: [phase-dropped]"), strict.out());
    }

    @Test
    void rewritingABaselineKeepsTheReasons() throws Exception {
        String drops = CliTest.example("agent-loop-drops-phase.jsonl");
        Path baseline = dir.resolve("b.json");
        assertEquals(0, CliTest.run("lint", "--write-baseline", baseline.toString(), drops).code());
        Files.writeString(baseline, Files.readString(baseline).replaceFirst("\"reason\" : \"\"", "\"reason\" : \"ticket 12\""));
        Path again = dir.resolve("b2.json");
        assertEquals(0, CliTest.run("lint", "--baseline", baseline.toString(), "--write-baseline", again.toString(), drops).code());
        JsonNode b = JSON.readTree(again.toFile());
        assertEquals("ticket 12", b.path("entries").get(0).path("reason").asString());
        assertEquals("", b.path("entries").get(1).path("reason").asString());
    }

    @Test
    void aBadBaselineIsAUsageError() throws Exception {
        Path bad = dir.resolve("b.json");
        Files.writeString(bad, "not json");
        CliTest.Run r = CliTest.run("lint", "--baseline", bad.toString(), CliTest.example("agent-loop-conformant.jsonl"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("phasecheck lint: --baseline " + bad + ": not JSON"), r.err());
        CliTest.Run missing = CliTest.run("lint", "--baseline", dir.resolve("none.json").toString(), CliTest.example("agent-loop-conformant.jsonl"));
        assertEquals(2, missing.code());
        assertEquals("phasecheck lint: --baseline " + dir.resolve("none.json") + ": no such file", missing.err().strip());
        Path t = dir.resolve("t.jsonl");
        Files.copy(Path.of(CliTest.example("agent-loop-drops-phase.jsonl")), t);
        CliTest.Run over = CliTest.run("lint", "--write-baseline", t.toString(), t.toString());
        assertEquals(2, over.code());
        assertTrue(over.err().contains("would be overwritten"), over.err());
    }

    @Test
    void githubAndGitlabFormats() throws Exception {
        String drops = CliTest.example("agent-loop-drops-phase.jsonl");
        CliTest.Run gh = CliTest.run("lint", "-f", "github", drops);
        assertEquals(1, gh.code());
        assertTrue(gh.out().startsWith("::error file=" + drops + ",line=2,title=phase-dropped::"), gh.out());
        assertTrue(gh.out().strip().endsWith("1 file, 3 exchanges: 2 errors, 0 warnings, 0 info"), gh.out());
        Path cq = dir.resolve("gl-code-quality-report.json");
        CliTest.Run gl = CliTest.run("lint", "--report", "GitLab=" + cq, drops);
        assertEquals(1, gl.code());
        JsonNode issues = JSON.readTree(cq.toFile());
        assertEquals(2, issues.size(), "one issue per fault");
        assertEquals("major", issues.get(0).path("severity").asString());
    }

    @Test
    void convertersKeepTheMessages() {
        CliTest.Run report = CliTest.run("lint", "--report", "json", CliTest.example("chat-completions.jsonl"));
        assertEquals(2, report.code());
        assertTrue(report.err().contains("'json' must be FORMAT=FILE, e.g. json=findings.json"), report.err());
        CliTest.Run fmt = CliTest.run("lint", "--report", "pdf=x.pdf", CliTest.example("chat-completions.jsonl"));
        assertEquals(2, fmt.code());
        assertTrue(fmt.err().contains("unknown format 'pdf' (available: text, json, sarif, html, markdown, github, gitlab, junit)"), fmt.err());
        CliTest.Run failOn = CliTest.run("lint", "--fail-on", "sometimes", CliTest.example("chat-completions.jsonl"));
        assertEquals(2, failOn.code());
        assertTrue(failOn.err().contains("'sometimes' is not one of error, warning, info, never"), failOn.err());
        assertTrue(failOn.err().contains("Run 'phasecheck lint --help' for usage."), failOn.err());
        assertEquals(0, CliTest.run("lint", "--fail-on", "NEVER", CliTest.example("agent-loop-drops-phase.jsonl")).code());
    }

    @Test
    void helpStillListsEveryCommandWhenOnlyTheOneRunIsBuilt() {
        CliTest.Run help = CliTest.run("--help");
        assertEquals(0, help.code());
        for (String c : new String[] {"lint", "rules", "explain", "scenarios", "serve", "run", "help"}) {
            assertTrue(help.out().contains("  " + c + " "), c + " in: " + help.out());
        }
        CliTest.Run typo = CliTest.run("lnt", CliTest.example("chat-completions.jsonl"));
        assertEquals(2, typo.code());
        assertTrue(typo.err().startsWith("phasecheck: Unmatched argument"), typo.err());
        assertEquals(0, CliTest.run("rules").code());
    }

    @Test
    void lintLoadsNoWireMockNorTheHtmlTemplateEngine() throws Exception {
        Path log = dir.resolve("classes.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), "dev.phasecheck.cli.Main",
                "lint", CliTest.example("agent-loop-drops-phase.jsonl")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        String classes = Files.readString(log);
        assertTrue(classes.contains("dev.phasecheck.cli.LintCommand"), "the log lists the classes loaded");
        assertFalse(classes.contains("wiremock"), "no WireMock class for lint");
        assertFalse(classes.contains("com.samskivert.mustache"), "no template engine without an HTML report");
    }

    static CliTest.Run runOnTerminal(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true), env::get, true);
        return new CliTest.Run(code, out.toString(), err.toString());
    }

    @Test
    void progressOnlyOnATerminalAndNotInCi() throws Exception {
        // a file large enough to take longer than the progress interval
        StringBuilder sb = new StringBuilder();
        String line = Files.readString(Path.of(CliTest.example("agent-loop-conformant.jsonl"))).lines().findFirst().orElseThrow();
        for (int i = 0; i < 4000; i++) sb.append(line).append('\n');
        Path big = dir.resolve("big.jsonl");
        Files.writeString(big, sb);
        CliTest.Run tty = runOnTerminal(Map.of(), "lint", big.toString(), big.toString());
        assertTrue(tty.err().contains("phasecheck lint: ") && tty.err().contains(" exchanges, ") && tty.err().contains("findings so far"),
                "progress on a terminal: " + tty.err());
        assertTrue(tty.err().contains(" MB, "), tty.err());
        assertFalse(tty.out().contains("findings so far"), "never on stdout");
        CliTest.Run ci = runOnTerminal(Map.of("CI", "true"), "lint", big.toString());
        assertFalse(ci.err().contains("findings so far"), "silent in CI: " + ci.err());
        CliTest.Run piped = CliTest.run("lint", big.toString());
        assertFalse(piped.err().contains("findings so far"), "silent when stderr is not a terminal");
        assertEquals(tty.code(), CliTest.run("lint", big.toString(), big.toString()).code());
        assertTrue(Progress.wanted(true, k -> null));
        assertFalse(Progress.wanted(true, k -> k.equals("CI") ? "1" : null));
        assertTrue(Progress.wanted(true, k -> k.equals("CI") ? "false" : null));
        assertFalse(Progress.wanted(false, k -> null));
    }
}
