package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code phasecheck proxy} against small proxies written for the test: a faithful one, and one per fault. */
class ProxyCommandTest {
    record Result(int code, JsonNode report, String err) {
        /** "rule direction conversation" of every finding. */
        Set<String> found() {
            Set<String> s = new TreeSet<>();
            for (JsonNode f : report.path("findings")) {
                s.add(f.path("rule").asString() + " " + f.path("direction").asString("-") + " " + f.path("conversation").asString("-"));
            }
            return s;
        }

        Set<String> rules() {
            Set<String> s = new TreeSet<>();
            for (JsonNode f : report.path("findings")) s.add(f.path("rule").asString());
            return s;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Result proxy(String fault, String... extra) throws IOException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new ArrayList<>(List.of("proxy", "--scenario", "tool-loop", "--proxy-url", "http://127.0.0.1:" + port + "/v1",
                "-f", "json", "--startup-timeout", "30"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--", java, "-cp", System.getProperty("java.class.path"), FaultyProxy.class.getName(), fault,
                String.valueOf(port)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(err, true));
        JsonNode report = out.toString().isBlank() ? JsonMapper.builder().build().createObjectNode()
                : JsonMapper.builder().build().readTree(out.toString());
        return new Result(code, report, err.toString());
    }

    @Test
    void aFaithfulProxyIsClean(@TempDir Path dir) throws IOException {
        Result r = proxy("FAITHFUL", "--record-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Set.of(), r.found(), r.err());
        assertEquals(6, r.report().path("summary").path("exchanges").asInt(0) / 2, r.report().toString());
        List<String> client = Files.readAllLines(dir.resolve("client.jsonl"));
        List<String> upstream = Files.readAllLines(dir.resolve("upstream.jsonl"));
        assertEquals(6, client.size()); // tool-loop: 3 turns, json then stream
        assertEquals(6, upstream.size());
        assertTrue(upstream.get(3).contains("\"conversation\":\"pc-2-stream\""));
        assertTrue(r.err().contains("conversation pc-1-json: 3 requests through the proxy"), r.err());
        assertTrue(r.err().contains("stopped the proxy"), r.err());
    }

    @Test
    void strippingPhaseFromResponsesIsDroppedToClientNamingBothSides() throws IOException {
        Result r = proxy("STRIP_RESPONSE_PHASE");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.found().contains("relay-phase-dropped to-client pc-1-json"), r.found().toString());
        assertTrue(r.found().contains("relay-phase-dropped to-client pc-2-stream"), r.found().toString());
        for (JsonNode f : r.report().path("findings")) {
            if (!f.path("rule").asString().startsWith("relay-")) continue;
            assertEquals("client.jsonl", f.path("file").asString());
            assertEquals("upstream.jsonl", f.path("related").path(0).path("file").asString(), f.toString());
        }
        // the ordinary rules on the upstream leg see what reached the upstream: replays without phase
        assertTrue(r.rules().contains("phase-dropped"), r.rules().toString());
    }

    @Test
    void strippingPhaseInStreamsOnlyIsCaughtInTheStreamedConversationOnly() throws IOException {
        Result r = proxy("STRIP_STREAM_PHASE");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.found().contains("relay-phase-dropped to-client pc-2-stream"), r.found().toString());
        assertFalse(r.found().stream().anyMatch(s -> s.startsWith("relay-") && s.endsWith("pc-1-json")), r.found().toString());
        boolean event = false;
        for (JsonNode f : r.report().path("findings")) {
            if (f.path("rule").asString().equals("relay-phase-dropped")) event |= f.path("pointer").asString().startsWith("/response_sse/");
        }
        assertTrue(event, "the finding points at the stream event");
    }

    @Test
    void strippingPhaseFromForwardedRequestsIsDroppedToUpstream() throws IOException {
        Result r = proxy("STRIP_REQUEST_PHASE");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.found().contains("relay-phase-dropped to-upstream pc-1-json"), r.found().toString());
        assertTrue(r.found().contains("relay-phase-dropped to-upstream pc-2-stream"), r.found().toString());
        assertFalse(r.found().stream().anyMatch(s -> s.contains("to-client")), r.found().toString());
        for (JsonNode f : r.report().path("findings")) {
            if (!f.path("rule").asString().startsWith("relay-")) continue;
            assertEquals("upstream.jsonl", f.path("file").asString());
            assertEquals("client.jsonl", f.path("related").path(0).path("file").asString());
        }
    }

    @Test
    void droppingCommentaryItemsIsItemDroppedToClient() throws IOException {
        Result r = proxy("DROP_COMMENTARY");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.found().contains("relay-item-dropped to-client pc-1-json"), r.found().toString());
        assertTrue(r.found().contains("relay-item-dropped to-client pc-2-stream"), r.found().toString());
    }

    @Test
    void relabellingReplayedMessagesAsFinalIsAlteredToUpstream() throws IOException {
        Result r = proxy("RELABEL_FINAL");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.found().contains("relay-phase-altered to-upstream pc-1-json"), r.found().toString());
        assertTrue(r.found().contains("relay-phase-altered to-upstream pc-2-stream"), r.found().toString());
    }

    @Test
    void translatingToChatCompletionsIsReportedOnTheUpstreamLeg() throws IOException {
        Result r = proxy("CHAT_COMPLETIONS", "--fail-on", "warning");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.found().contains("chat-completions-phase-model - pc-1-json"), r.found().toString());
        assertTrue(r.found().contains("chat-completions-phase-model - pc-2-stream"), r.found().toString());
    }

    @Test
    void phaseOnUserMessagesIsAlteredToUpstreamAndPhaseRoleUpstream() throws IOException {
        Result r = proxy("USER_PHASE");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.found().contains("relay-phase-altered to-upstream pc-1-json"), r.found().toString());
        assertTrue(r.rules().contains("phase-role"), r.rules().toString());
    }

    @Test
    void aProxyThatNeverStartsFailsSayingSo() throws IOException {
        Result r = proxy("EXIT_AT_ONCE");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("did not start: it exited with status 3"), r.err());
    }

    @Test
    void aProxyThatExitsEarlyFailsSayingSo() throws IOException {
        Result r = proxy("EXIT_AFTER_FIRST", "--stream", "off");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("exited early"), r.err());
    }

    @Test
    void aProxyThatAnswersErrorsFailsSayingSo() throws IOException {
        Result r = proxy("ERROR_500", "--stream", "on");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("the proxy answered HTTP 500 to request 1 of conversation pc-1-stream"), r.err());
        assertFalse(r.rules().stream().anyMatch(x -> x.startsWith("relay-")), "an error answer is no relay loss: " + r.rules());
    }

    @Test
    void aPortAlreadyTakenIsNotMistakenForTheProxy() throws IOException {
        try (ServerSocket other = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"proxy", "--scenario", "tool-loop", "--proxy-url",
                            "http://127.0.0.1:" + other.getLocalPort() + "/v1", "--", "true"},
                    new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()), new PrintWriter(err, true));
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("already accepts connections before COMMAND is started"), err.toString());
        }
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"proxy", "--scenario", "tool-loop", "--proxy-url", "http://127.0.0.1:1/nope", "--", "true"},
                new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().contains("ending in /v1 or /api/v1"), err.toString());
    }
}
