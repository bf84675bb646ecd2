package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.Simulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code phasecheck probe} against small servers written for the test, and against the simulator. */
class ProbeCommandTest {
    record Result(int code, JsonNode report, String err) {
        Set<String> rules() {
            Set<String> s = new TreeSet<>();
            for (JsonNode f : report.path("findings")) s.add(f.path("rule").asString() + " " + f.path("severity").asString());
            return s;
        }

        List<String> rows() {
            List<String> rows = new ArrayList<>();
            for (JsonNode f : report.path("findings")) {
                rows.add(f.path("rule").asString() + " " + f.path("severity").asString() + " " + f.path("index").asInt() + " "
                        + f.path("pointer").asString());
            }
            return rows;
        }
    }

    static Result run(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, parse(out.toString()), err.toString());
    }

    static JsonNode parse(String out) {
        return out.isBlank() ? JsonMapper.builder().build().createObjectNode() : JsonMapper.builder().build().readTree(out);
    }

    static Result probe(ProbeServer.Kind kind, String... extra) throws IOException {
        try (ProbeServer s = new ProbeServer(kind)) {
            List<String> args = new ArrayList<>(List.of("probe", "--base-url", s.baseUrl(), "--model", "gpt-5.4", "-f", "json",
                    "--api-key-env", "PHASECHECK_TEST_UNSET_KEY_VARIABLE"));
            args.addAll(List.of(extra));
            return run(args.toArray(String[]::new));
        }
    }

    @Test
    void aConformantServerIsCleanAndEveryRequestIsNamed() throws IOException {
        try (ProbeServer s = new ProbeServer(ProbeServer.Kind.CONFORMANT)) {
            Result r = run("probe", "--base-url", s.baseUrl(), "--model", "gpt-5.4", "-f", "json",
                    "--api-key-env", "PHASECHECK_TEST_UNSET_KEY_VARIABLE");
            assertEquals(0, r.code(), r.err());
            assertEquals(List.of(), r.rows(), r.err());
            assertEquals(6, s.requests.get(), "task, tool output, follow-up; json and stream");
            assertTrue(r.err().contains("server " + s.baseUrl() + ", model gpt-5.4"), r.err());
            assertTrue(r.err().contains("request 1 (probe-json, turn 1): POST " + s.baseUrl()
                    + "/responses -> 200; output: message (phase \"commentary\"), function_call run_command"), r.err());
            assertTrue(r.err().contains("request 6 (probe-stream, turn 3)"), r.err());
        }
    }

    @Test
    void aServerWithoutPhaseIsResponsePhaseMissingAsAnError() throws IOException {
        Result r = probe(ProbeServer.Kind.NO_PHASE);
        assertEquals(1, r.code(), r.err());
        assertEquals(Set.of("response-phase-missing error"), r.rules());
    }

    @Test
    void aServerThatFlipsPhaseInTheStreamIsStreamPhaseMismatch() throws IOException {
        Result r = probe(ProbeServer.Kind.FLIPS_IN_STREAM);
        assertEquals(1, r.code(), r.err());
        assertEquals(Set.of("stream-phase-mismatch error"), r.rules());
        for (JsonNode f : r.report().path("findings")) assertTrue(f.path("pointer").asString().startsWith("/response_sse/"));
    }

    @Test
    void aServerThatRejectsReplayedPhaseIsProbeReplayRejected() throws IOException {
        try (ProbeServer s = new ProbeServer(ProbeServer.Kind.REJECTS_REPLAYED_PHASE)) {
            Result r = run("probe", "--base-url", s.baseUrl(), "--model", "gpt-5.4", "-f", "json",
                    "--api-key-env", "PHASECHECK_TEST_UNSET_KEY_VARIABLE");
            assertEquals(1, r.code(), r.err());
            assertEquals(Set.of("probe-replay-rejected error"), r.rules());
            assertEquals(4, s.requests.get(), "each run stops at the rejected request; nothing is retried");
        }
    }

    @Test
    void phaseInAContentPartIsPhasePlacement() throws IOException {
        Result r = probe(ProbeServer.Kind.PHASE_IN_CONTENT_PART);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.rules().contains("phase-placement error"), r.rules().toString());
        assertTrue(r.rules().contains("response-phase-missing error"), r.rules().toString());
    }

    @Test
    void theRecordingLintsToTheSameFindings(@TempDir Path dir) throws IOException {
        for (ProbeServer.Kind kind : List.of(ProbeServer.Kind.NO_PHASE, ProbeServer.Kind.REJECTS_REPLAYED_PHASE,
                ProbeServer.Kind.FLIPS_IN_STREAM)) {
            Path rec = dir.resolve(kind + ".jsonl");
            Result probed = probe(kind, "--record", rec.toString());
            Result linted = run("lint", "-f", "json", rec.toString());
            assertFalse(probed.rows().isEmpty());
            assertEquals(probed.rows(), linted.rows(), kind.toString());
            assertEquals(probed.code(), linted.code());
        }
    }

    @Test
    void maxRequestsBoundsWhatIsSent() throws IOException {
        try (ProbeServer s = new ProbeServer(ProbeServer.Kind.CONFORMANT)) {
            Result r = run("probe", "--base-url", s.baseUrl(), "--model", "gpt-5.4", "--max-requests", "3", "-f", "json",
                    "--api-key-env", "PHASECHECK_TEST_UNSET_KEY_VARIABLE");
            assertEquals(0, r.code(), r.err());
            assertEquals(3, s.requests.get());
        }
    }

    @Test
    void helpSaysHowManyRequestsItSends() {
        StringWriter out = new StringWriter();
        Main.run(new String[] {"probe", "--help"}, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        String h = out.toString().replaceAll("\\s+", " ");
        assertTrue(h.contains("at most --max-requests (default 8)"), h);
        assertTrue(h.contains("usually 3, so 6 in all with --stream both"), h);
    }

    @Test
    void theKeyIsSentButNeverPrintedOrWritten(@TempDir Path dir) throws IOException {
        String key = "sk-phasecheck-secret-0123456789abcdef";
        try (ProbeServer s = new ProbeServer(ProbeServer.Kind.REJECTS_REPLAYED_PHASE)) {
            Path rec = dir.resolve("probe.jsonl");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new ProbeCommand(Map.of("MY_KEY", key)::get));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("--base-url", s.baseUrl(), "--model", "gpt-5.4", "--api-key-env", "MY_KEY", "--record", rec.toString());
            assertEquals(1, code, err.toString());
            assertEquals("Bearer " + key, s.lastAuthorization);
            assertFalse(out.toString().contains(key), out.toString());
            assertFalse(err.toString().contains(key), err.toString());
            assertFalse(Files.readString(rec).contains(key));
            assertTrue(Files.readString(rec).contains("[REDACTED]"), "the server echoed the key; the record has it scrubbed");
        }
    }

    /**
     * Against the simulator: clean. The simulator's per-conversation routing had not landed in this
     * branch's base, so each run (json, stream) gets a simulator of its own.
     */
    @Test
    void aProbeOfTheSimulatorIsClean() throws IOException {
        for (String mode : List.of("off", "on")) {
            try (Simulator sim = Simulator.start(Scenario.builtIn("chat-follow-up"))) {
                Result r = run("probe", "--base-url", sim.openAiBaseUrl(), "--model", "gpt-5.4", "-f", "json", "--stream", mode,
                        "--api-key-env", "PHASECHECK_TEST_UNSET_KEY_VARIABLE");
                assertEquals(0, r.code(), r.err());
                assertEquals(List.of(), r.rows(), r.err());
                assertEquals(2, sim.exchanges());
            }
        }
    }
}
