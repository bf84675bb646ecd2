package dev.phasecheck.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.Simulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Every built-in scenario played over a Responses WebSocket, judged by linting the simulator's journal. */
class WebSocketTransportTest {
    private final Linter linter = new Linter();
    private final ObjectMapper json = JsonMapper.builder().build();

    static String ws(Simulator s, String prefix) {
        return "ws://127.0.0.1:" + s.port() + prefix + "/responses";
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (String s : Scenario.BUILT_IN) {
            // flaky-stream cuts its first stream on purpose; this plain client does not retry (ConversationsTest covers faults)
            if (s.equals("flaky-stream")) continue;
            list.add(Arguments.of(s, WsAgent.Mode.FULL_HISTORY, false, "/v1"));
            list.add(Arguments.of(s, WsAgent.Mode.INCREMENTAL, false, "/api/v1"));
            list.add(Arguments.of(s, WsAgent.Mode.FULL_HISTORY, true, "/v1"));
        }
        return list.stream();
    }

    private Set<String> atLeastWarning(LintResult r) {
        return r.findings().stream().filter(f -> f.severity().atLeast(Severity.WARNING)).map(Finding::rule)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String show(LintResult r) {
        return r.findings().stream().map(f -> f.rule() + " " + f.pointer() + ": " + f.message()).collect(Collectors.joining("\n"));
    }

    @ParameterizedTest(name = "{0} {1} dropPhase={2} {3}")
    @MethodSource("cases")
    void theRightVerdictOverAWebSocket(String id, WsAgent.Mode mode, boolean dropPhase, String prefix) throws Exception {
        Scenario scenario = Scenario.builtIn(id);
        try (Simulator server = Simulator.start(scenario)) {
            int done = new WsAgent(ws(server, prefix), mode, dropPhase).run(scenario.model(), scenario.turns(), id.equals("reasoning-stateless"));
            assertEquals(scenario.turns(), done, "every turn completed");
            List<JsonNode> journal = server.journal();
            assertEquals(scenario.turns(), journal.size(), "one exchange per response.create");
            for (JsonNode e : journal) {
                assertEquals("websocket", e.path("transport").asString());
                assertEquals("ws1", e.path("connection").asString());
                assertEquals(200, e.path("status").asInt());
                assertEquals(prefix + "/responses", e.path("url").asString());
                assertFalse(e.path("request").has("type"), "the journalled request is the body, without the message type");
                assertTrue(e.path("response_sse").asString().startsWith("event: response.created\ndata: {"));
                assertTrue(e.path("response_sse").asString().contains("event: response.completed\n"));
            }
            LintResult result = server.lint(linter, id);
            Set<String> expected = dropPhase && !id.equals("no-phase-model") ? Set.of("phase-dropped") : Set.of();
            assertEquals(new TreeSet<>(expected), atLeastWarning(result), () -> show(result));
            if (!dropPhase) {
                assertTrue(result.findings().stream().noneMatch(f -> f.rule().equals("nothing-checked")), () -> show(result));
            }
        }
    }

    private ObjectNode create(String model, boolean store) {
        ObjectNode m = json.createObjectNode().put("type", "response.create").put("model", model).put("store", store);
        m.putArray("input").addObject().put("role", "user").put("content", "Start the task, please.");
        return m;
    }

    private ObjectNode continuation(String model, String previous, String callId) {
        ObjectNode m = json.createObjectNode().put("type", "response.create").put("model", model).put("store", false)
                .put("previous_response_id", previous);
        m.putArray("input").addObject().put("type", "function_call_output").put("call_id", callId).put("output", "ok");
        return m;
    }

    private static JsonNode completed(List<WsClient.Incoming> answer) {
        JsonNode last = answer.get(answer.size() - 1).event();
        assertEquals("response.completed", last.path("type").asString(), String.valueOf(last));
        return last.get("response");
    }

    @Test
    void anUnstoredResponseContinuesOnItsOwnConnectionOnly() throws Exception {
        Scenario scenario = Scenario.builtIn("reasoning-stateless");
        try (Simulator server = Simulator.start(scenario)) {
            String first;
            try (WsClient a = new WsClient(ws(server, "/v1"))) {
                a.send(create(scenario.model(), false));
                first = completed(a.answer()).get("id").asString();
                try (WsClient b = new WsClient(ws(server, "/v1"))) {
                    // another connection: the server kept no copy
                    b.send(continuation(scenario.model(), first, "call_1"));
                    List<WsClient.Incoming> refused = b.answer();
                    assertEquals(1, refused.size());
                    JsonNode err = refused.get(0).event();
                    assertEquals("error", err.path("type").asString());
                    assertEquals(400, err.path("status").asInt());
                    assertEquals("invalid_request_error", err.path("error").path("type").asString());
                    assertEquals("previous_response_not_found", err.path("error").path("code").asString());
                    assertEquals("Previous response with id '" + first + "' not found.", err.path("error").path("message").asString());
                }
                // its own connection keeps it in memory
                a.send(continuation(scenario.model(), first, "call_1"));
                completed(a.answer());
            }
            // over HTTP, too, it is gone
            HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/responses"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(withoutType(continuation(scenario.model(), first, "call_1")))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, http.statusCode(), http.body());
            assertEquals("previous_response_not_found", json.readTree(http.body()).path("error").path("code").asString());

            List<JsonNode> journal = server.journal();
            assertEquals(4, journal.size());
            assertEquals("ws1", journal.get(0).path("connection").asString());
            assertEquals("ws2", journal.get(1).path("connection").asString());
            assertEquals(400, journal.get(1).path("status").asInt());
            assertEquals("ws1", journal.get(2).path("connection").asString());
            assertEquals(200, journal.get(2).path("status").asInt());
            assertFalse(journal.get(3).has("transport"));
            LintResult result = server.lint(linter, "stored");
            List<Finding> unstored = result.findings().stream().filter(f -> f.rule().equals("unstored-reference")).toList();
            // one finding per fault: at the other connection's request, the HTTP request as its repeat; none for ws1's own
            assertEquals(1, unstored.size(), () -> show(result));
            assertEquals("/request/previous_response_id", unstored.get(0).pointer());
            assertEquals(1, unstored.get(0).index());
            assertEquals(List.of(3), unstored.get(0).repeats().stream().map(r -> r.index()).toList(), () -> show(result));
        }
    }

    private static ObjectNode withoutType(ObjectNode m) {
        ObjectNode c = m.deepCopy();
        c.remove("type");
        return c;
    }

    @Test
    void anItemReferenceToAnUnstoredItemIsRefusedOverHttp() throws Exception {
        Scenario scenario = Scenario.builtIn("reasoning-stateless");
        try (Simulator server = Simulator.start(scenario)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r1 = http.send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/responses"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(withoutType(create(scenario.model(), false))))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r1.statusCode(), r1.body());
            String rs = json.readTree(r1.body()).path("output").get(0).path("id").asString();
            ObjectNode next = withoutType(create(scenario.model(), false));
            ((tools.jackson.databind.node.ArrayNode) next.get("input")).addObject().put("type", "item_reference").put("id", rs);
            HttpResponse<String> r2 = http.send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/responses"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(next))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r2.statusCode(), r2.body());
            JsonNode err = json.readTree(r2.body()).path("error");
            assertEquals("invalid_request_error", err.path("type").asString());
            assertTrue(err.path("message").asString().startsWith("Item with id '" + rs + "' not found."), err.toString());
            assertEquals(2, server.exchanges());
            LintResult result = server.lint(linter, "item-ref");
            assertTrue(result.findings().stream().anyMatch(f -> f.rule().equals("unstored-reference")), () -> show(result));
        }
    }

    @Test
    void storedResponsesContinueAnywhere() throws Exception {
        Scenario scenario = Scenario.builtIn("tool-loop");
        try (Simulator server = Simulator.start(scenario)) {
            String first;
            try (WsClient a = new WsClient(ws(server, "/v1"))) {
                a.send(create(scenario.model(), true));
                first = completed(a.answer()).get("id").asString();
            }
            try (WsClient b = new WsClient(ws(server, "/v1"))) {
                ObjectNode m = continuation(scenario.model(), first, "call_1").put("store", true);
                b.send(m);
                completed(b.answer());
            }
            LintResult result = server.lint(linter, "stored");
            assertTrue(result.findings().stream().noneMatch(f -> f.rule().equals("unstored-reference")), () -> show(result));
        }
    }

    @Test
    void messagesThatAreNotResponseCreateGetAnErrorEventAndTheConnectionGoesOn() throws Exception {
        Scenario scenario = Scenario.builtIn("chat-follow-up");
        try (Simulator server = Simulator.start(scenario); WsClient ws = new WsClient(ws(server, "/v1"))) {
            ws.socket().sendText("{not json", true).get();
            JsonNode e1 = ws.answer().get(0).event();
            assertEquals("error", e1.path("type").asString());
            assertEquals(400, e1.path("status").asInt());
            ws.send(json.createObjectNode().put("type", "response.cancel"));
            assertEquals("invalid_event_type", ws.answer().get(0).event().path("error").path("code").asString());
            ws.send(json.createObjectNode().put("type", "response.create"));
            assertEquals("model", ws.answer().get(0).event().path("error").path("param").asString());
            // the Codex CLI's acknowledgement needs no answer: the next thing that arrives answers the next message
            ws.send(json.createObjectNode().put("type", "response.processed").put("response_id", "resp_x"));
            // fragmented: sent in three frames
            String body = json.writeValueAsString(create(scenario.model(), true));
            int third = body.length() / 3;
            ws.socket().sendText(body.substring(0, third), false).get();
            ws.socket().sendPing(java.nio.ByteBuffer.wrap("hi".getBytes())).get(); // a control frame between fragments
            ws.socket().sendText(body.substring(third, 2 * third), false).get();
            ws.socket().sendText(body.substring(2 * third), true).get();
            completed(ws.answer());
            assertEquals(List.of("hi"), ws.pongs());
            List<JsonNode> journal = server.journal();
            assertEquals(4, journal.size(), "the acknowledgement is not an exchange");
            assertEquals("{not json", journal.get(0).path("request").asString());
            assertEquals(400, journal.get(0).path("status").asInt());
            assertTrue(journal.get(0).path("response").path("error").isObject());
            assertEquals(200, journal.get(3).path("status").asInt());
        }
    }

    @Test
    void aPrewarmIsAnEmptyResponseAndNotATurn() throws Exception {
        Scenario scenario = Scenario.builtIn("chat-follow-up");
        try (Simulator server = Simulator.start(scenario); WsClient ws = new WsClient(ws(server, "/v1"))) {
            ws.send(create(scenario.model(), false).put("generate", false));
            List<WsClient.Incoming> warm = ws.answer();
            assertEquals(List.of("response.created", "response.in_progress", "response.completed"),
                    warm.stream().map(i -> i.event().path("type").asString()).toList());
            JsonNode warmResponse = completed(warm);
            assertEquals(0, warmResponse.get("output").size());
            // continuing from the (store: false) prewarm on its own connection gets the scenario's first response
            ObjectNode next = create(scenario.model(), false).put("previous_response_id", warmResponse.get("id").asString());
            JsonNode first = completed(ws.answer(next));
            assertEquals("commentary", first.get("output").get(0).path("phase").asString());
            LintResult result = server.lint(linter, "prewarm");
            assertEquals(Set.of(), atLeastWarning(result), () -> show(result));
        }
    }

    @Test
    void plainHttpStillReachesTheSimulatorThroughThePublicPort() throws Exception {
        try (Simulator server = Simulator.start(Scenario.builtIn("chat-follow-up"))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, notFound.statusCode());
            // an upgrade on another path is not a Responses WebSocket: WireMock answers it
            java.util.concurrent.CompletionException ex = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.CompletionException.class,
                    () -> http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/v1/realtime"),
                            new java.net.http.WebSocket.Listener() { }).join());
            assertTrue(String.valueOf(ex.getCause()).contains("404") || ex.getCause() instanceof java.net.http.WebSocketHandshakeException,
                    String.valueOf(ex.getCause()));
            assertEquals(0, server.exchanges());
        }
    }
}
