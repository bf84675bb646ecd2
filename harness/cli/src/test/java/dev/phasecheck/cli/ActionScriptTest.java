package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** scripts/action-run.sh, the run step of the GitHub Action, as the runner calls it. */
class ActionScriptTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Path script() {
        return CliTest.fixtures().toAbsolutePath().normalize().getParent().resolve("scripts/action-run.sh");
    }

    Result run(Map<String, String> inputs) throws Exception {
        assumeTrue(new File("/bin/bash").canExecute() || new File("/usr/bin/bash").canExecute(), "bash is needed");
        ProcessBuilder pb = new ProcessBuilder("bash", script().toString()).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("INPUT_") || k.startsWith("GITHUB_") || k.startsWith("PHASECHECK_"));
        env.put("PHASECHECK_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("PHASECHECK_CLASSPATH", System.getProperty("java.class.path"));
        env.put("GITHUB_STEP_SUMMARY", dir.resolve("summary.md").toString());
        env.put("GITHUB_OUTPUT", dir.resolve("output.txt").toString());
        env.putAll(inputs);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the script finished");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void findingsAnnotateFailAndFillTheSummaryAndOutputs() throws Exception {
        Path t = dir.resolve("traffic");
        Files.createDirectories(t);
        Files.copy(Path.of(CliTest.example("agent-loop-drops-phase.jsonl")), t.resolve("run 1.jsonl"));
        Result r = run(Map.of("INPUT_PATHS", "traffic/run 1.jsonl\n", "INPUT_REPORTS", "html=report.html\njson=report.json"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("::error file=traffic/run 1.jsonl,line=2,title=phase-dropped::"), r.out());
        assertTrue(JsonMapper.builder().build().readTree(dir.resolve("phasecheck.sarif").toFile()).path("version").asString().equals("2.1.0"));
        assertTrue(Files.exists(dir.resolve("report.html")) && Files.exists(dir.resolve("report.json")));
        assertTrue(Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8).startsWith("## phasecheck: ❌"));
        String outputs = Files.readString(dir.resolve("output.txt"));
        assertTrue(outputs.contains("exit-code=1\n") && outputs.contains("sarif-file=phasecheck.sarif\n"), outputs);
    }

    @Test
    void aBaselineAndFailOnPassTheStep() throws Exception {
        Files.copy(Path.of(CliTest.example("agent-loop-drops-phase.jsonl")), dir.resolve("a.jsonl"));
        Files.copy(Path.of(CliTest.example("chat-completions.jsonl")), dir.resolve("b.jsonl"));
        // the baseline is written from where the action runs, naming the files as the action will
        Process w = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.phasecheck.cli.Main", "lint", "--write-baseline", "baseline.json", "a.jsonl")
                .directory(dir.toFile()).redirectOutput(dir.resolve("w.out").toFile()).redirectErrorStream(true).start();
        assertTrue(w.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, w.exitValue(), Files.readString(dir.resolve("w.out")));
        Result r = run(Map.of("INPUT_PATHS", "a.jsonl b.jsonl", "INPUT_BASELINE", "baseline.json", "INPUT_SARIF", ""));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("title=phase-dropped (baselined)"), r.out());
        assertTrue(r.out().contains("::warning file=b.jsonl"), "warnings stay visible: " + r.out());
        assertFalse(Files.exists(dir.resolve("phasecheck.sarif")), "no SARIF when sarif-file is empty");
        Result strict = run(Map.of("INPUT_PATHS", "a.jsonl\nb.jsonl", "INPUT_BASELINE", "baseline.json", "INPUT_FAIL_ON", "warning"));
        assertEquals(1, strict.code(), strict.out());
        Result bad = run(Map.of("INPUT_PATHS", "missing.jsonl"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("missing.jsonl: no such file or directory"), bad.err());
    }
}
