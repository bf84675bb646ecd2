package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI contract: commands, options, output, exit codes. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        return runWithStdin("", args);
    }

    static Run runWithStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = Main.run(args, in, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Path fixtures() {
        return Path.of(System.getProperty("phasecheck.fixtures", "../../fixtures"));
    }

    static String example(String name) {
        return fixtures().resolve("examples").resolve(name).toString();
    }

    static String ruleFixture(String rule, String name) {
        return fixtures().resolve("rules").resolve(rule).resolve(name).toString();
    }

    @Test
    void findingsExitOneAndNameTheirLocation() {
        Run r = run("lint", example("agent-loop-drops-phase.jsonl"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("agent-loop-drops-phase.jsonl:2: error [phase-dropped]"), r.out());
        assertTrue(r.out().contains("at exchange 1, /request/input/3"), r.out());
        assertTrue(r.out().contains("other side: "), r.out());
        // two faults: msg_j1c dropped (and repeated by the next request), msg_j2c dropped
        assertTrue(r.out().contains("1 file, 3 exchanges: 2 errors, 0 warnings, 0 info"), r.out());
        assertTrue(r.out().contains("repeated in 1 later request"), r.out());
    }

    @Test
    void cleanTranscriptExitsZero() {
        Run r = run("lint", example("agent-loop-conformant.jsonl"), example("agent-loop-streamed-conformant.jsonl"));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("2 files, 7 exchanges: 0 errors, 0 warnings, 0 info"), r.out());
    }

    @Test
    void failOnMovesTheThreshold() {
        String warnings = ruleFixture("history-gap", "fail-lost-earlier-commentary.jsonl");
        assertEquals(0, run("lint", warnings).code());
        assertEquals(1, run("lint", "--fail-on", "warning", warnings).code());
        assertEquals(0, run("lint", "--fail-on", "never", example("agent-loop-drops-phase.jsonl")).code());
        String info = ruleFixture("nothing-checked", "fail-empty.jsonl");
        assertEquals(0, run("lint", "--fail-on", "warning", info).code());
        assertEquals(1, run("lint", "--fail-on", "info", info).code());
    }

    @Test
    void jsonReportFollowsTheContract() throws Exception {
        Run r = run("lint", "-f", "json", example("agent-loop-drops-phase.jsonl"), example("chat-completions.jsonl"));
        assertEquals(1, r.code());
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertEquals("phasecheck", json.path("tool").path("name").asString());
        assertFalse(json.path("tool").path("version").asString().isBlank());
        JsonNode s = json.path("summary");
        assertEquals(2, s.path("files").asInt());
        assertEquals(4, s.path("exchanges").asInt());
        assertEquals(2, s.path("error").asInt());
        assertEquals(2, s.path("warning").asInt());
        assertEquals(1, s.path("info").asInt());
        JsonNode first = json.path("findings").get(0);
        assertEquals("phase-dropped", first.path("rule").asString());
        assertEquals("error", first.path("severity").asString());
        assertEquals(1, first.path("index").asInt());
        assertEquals(2, first.path("line").asInt());
        assertEquals("/request/input/3", first.path("pointer").asString());
        JsonNode rel = first.path("related").get(0);
        assertEquals(0, rel.path("index").asInt());
        assertEquals("/response/output/1", rel.path("pointer").asString());
        assertTrue(rel.path("file").asString().endsWith("agent-loop-drops-phase.jsonl"));
        // ordered by file, then index, then pointer
        String prev = "";
        for (JsonNode f : json.path("findings")) {
            String key = f.path("file").asString();
            assertTrue(key.compareTo(prev) >= 0, "ordered by file");
            prev = key;
        }
    }

    @Test
    void junitXmlThroughTheLauncher() {
        Run r = run("lint", "-f", "junit", example("agent-loop-drops-phase.jsonl"), example("agent-loop-conformant.jsonl"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("<?xml"), r.out());
        assertTrue(r.out().contains("<testsuite name=\"phasecheck\" tests=\"48\""), r.out());
        assertTrue(r.out().contains("failures=\"1\""), r.out());
        assertTrue(r.out().contains("classname=\"" + example("agent-loop-drops-phase.jsonl") + "\""), r.out());
    }

    @Test
    void outputFileAndExtraReports() throws Exception {
        Path text = dir.resolve("out/report.txt");
        Path json = dir.resolve("findings.json");
        Run r = run("lint", example("agent-loop-drops-phase.jsonl"), "-o", text.toString(), "--report", "json=" + json);
        assertEquals(1, r.code(), r.err());
        assertTrue(Files.readString(text).contains("[phase-dropped]"));
        assertEquals(2, JsonMapper.builder().build().readTree(json.toFile()).path("summary").path("error").asInt());
        assertTrue(r.out().contains("2 errors"), "the outcome is still said on stdout");
    }

    @Test
    void aFileNamedTwiceIsAUsageError() {
        Path f = dir.resolve("x.json");
        Run r = run("lint", example("agent-loop-conformant.jsonl"), "-o", f.toString(), "--report", "json=" + f);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("named twice"), r.err());
        assertFalse(Files.exists(f), "nothing was written");
    }

    @Test
    void aReportNeverOverwritesATranscript() throws Exception {
        Path t = dir.resolve("run.jsonl");
        Files.copy(Path.of(example("agent-loop-drops-phase.jsonl")), t);
        byte[] before = Files.readAllBytes(t);
        Run r = run("lint", t.toString(), "-o", t.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("would be overwritten"), r.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(t));
    }

    @Test
    void stdinIsJsonl() throws Exception {
        String text = Files.readString(Path.of(example("agent-loop-drops-phase.jsonl")));
        Run r = runWithStdin(text, "lint", "-");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("-:2: error [phase-dropped]"), r.out());
    }

    @Test
    void usageErrorsExitTwoWithOneClearLine() {
        Run missing = run("lint", "no/such/file.jsonl");
        assertEquals(2, missing.code());
        assertEquals("phasecheck lint: no/such/file.jsonl: no such file or directory", missing.err().strip());
        Run option = run("lint", "--no-such-option", example("chat-completions.jsonl"));
        assertEquals(2, option.code());
        assertTrue(option.err().startsWith("phasecheck: Unknown option: '--no-such-option'"), option.err());
        assertEquals(2, run("lint").code(), "a path is required");
        assertEquals(2, run("lint", "--fail-on", "sometimes", example("chat-completions.jsonl")).code());
        Run format = run("lint", "-f", "pdf", example("chat-completions.jsonl"));
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown format 'pdf'"), format.err());
        assertEquals(2, run("frobnicate").code());
    }

    @Test
    void configFileChangesSeveritiesAndUnknownRuleIdIsUsageError() throws Exception {
        Path cfg = dir.resolve("phasecheck.yaml");
        Files.writeString(cfg, "rules:\n  phase-dropped: warning\n  nothing-checked: off\nphase-models:\n  - acme-*\n");
        Run r = run("lint", "--config", cfg.toString(), example("agent-loop-drops-phase.jsonl"));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("warning [phase-dropped]"), r.out());
        Files.writeString(cfg, "rules:\n  phase-droped: off\n");
        Run bad = run("lint", "--config", cfg.toString(), example("agent-loop-drops-phase.jsonl"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown rule id") && bad.err().contains("did you mean 'phase-dropped'"), bad.err());
        Files.writeString(cfg, "rules: [1, 2\n");
        assertEquals(2, run("lint", "--config", cfg.toString(), example("chat-completions.jsonl")).code());
        assertEquals(2, run("lint", "--config", dir.resolve("none.yaml").toString(), example("chat-completions.jsonl")).code());
    }

    @Test
    void phaseModelOptionMakesAModelAPhaseModel() {
        String f = ruleFixture("phase-dropped", "fail-other-model-is-warning.jsonl");
        assertEquals(0, run("lint", f).code());
        Run r = run("lint", "--phase-model", "acme-*", f);
        assertEquals(1, r.code());
        assertTrue(r.out().contains("error [phase-dropped]"), r.out());
    }

    @Test
    void oneFindingPerFaultUnlessEveryOccurrenceIsAsked() {
        Run faults = run("lint", "-f", "json", example("agent-loop-drops-phase.jsonl"));
        Run every = run("lint", "-f", "json", "--every-occurrence", example("agent-loop-drops-phase.jsonl"));
        assertEquals(1, faults.code(), faults.err());
        assertEquals(1, every.code(), every.err());
        JsonNode a = JsonMapper.builder().build().readTree(faults.out());
        JsonNode b = JsonMapper.builder().build().readTree(every.out());
        assertEquals(2, a.path("summary").path("error").asInt());
        assertEquals(3, b.path("summary").path("error").asInt(), "msg_j1c is dropped by two requests");
        assertEquals(1, a.path("findings").get(0).path("repeats").size());
        assertTrue(b.path("findings").get(0).path("repeats").isMissingNode() || b.path("findings").get(0).path("repeats").isEmpty());
    }

    @Test
    void rulesExplainVersionHelp() {
        Run rules = run("rules");
        assertEquals(0, rules.code());
        assertEquals(24, rules.out().strip().split("\n").length);
        assertTrue(rules.out().contains("phase-dropped"));
        Run explain = run("explain", "phase-dropped");
        assertEquals(0, explain.code());
        assertTrue(explain.out().startsWith("# phase-dropped"));
        assertTrue(explain.out().contains("## Bad"));
        Run unknown = run("explain", "phase-droped");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("did you mean 'phase-dropped'"), unknown.err());
        Run version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("phasecheck "), version.out());
        Run help = run("help", "lint");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--fail-on"), help.out());
        assertTrue(help.out().contains("Exit codes"), help.out());
    }

    @Test
    void malformedContentIsAFindingNotAUsageError() {
        Run r = run("lint", ruleFixture("transcript-unreadable", "fail-bad-lines.jsonl"));
        assertEquals(1, r.code());
        assertTrue(r.out().contains(":2: error [transcript-unreadable]"), r.out());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
