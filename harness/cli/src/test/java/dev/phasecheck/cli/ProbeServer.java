package dev.phasecheck.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small live-server stand-in for the tests of {@code phasecheck probe} (JDK HttpServer): it plays a
 * model that comments and calls run_command, then answers, conformantly or with one fault.
 */
final class ProbeServer implements AutoCloseable {
    enum Kind { CONFORMANT, NO_PHASE, FLIPS_IN_STREAM, REJECTS_REPLAYED_PHASE, PHASE_IN_CONTENT_PART }

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final Kind kind;
    private final AtomicInteger ids = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    volatile String lastAuthorization;

    ProbeServer(Kind kind) throws IOException {
        this.kind = kind;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
        ObjectNode request = (ObjectNode) json.readTree(ex.getRequestBody().readAllBytes());
        JsonNode input = request.path("input");
        boolean replaysPhase = false;
        boolean toolOutput = false;
        int users = 0;
        for (JsonNode item : input) {
            if ("assistant".equals(item.path("role").asString("")) && item.path("phase").isString()) replaysPhase = true;
            if ("function_call_output".equals(item.path("type").asString(""))) toolOutput = true;
            if ("user".equals(item.path("role").asString(""))) users++;
        }
        if (kind == Kind.REJECTS_REPLAYED_PHASE && replaysPhase) {
            send(ex, 400, "application/json", "{\"error\":{\"message\":\"Unknown parameter: 'input[1].phase' (request authorized as " + lastAuthorization + ").\",\"type\":"
                    + "\"invalid_request_error\",\"param\":\"input[1].phase\",\"code\":\"unknown_parameter\"}}");
            return;
        }
        ObjectNode response = json.createObjectNode().put("id", "resp_" + ids.incrementAndGet()).put("object", "response")
                .put("model", request.path("model").asString()).put("status", "completed");
        ArrayNode output = response.putArray("output");
        if (!toolOutput && users == 1) {
            output.add(message("commentary", "I'll list the project directory first."));
            output.addObject().put("id", "fc_" + ids.incrementAndGet()).put("type", "function_call").put("status", "completed")
                    .put("call_id", "call_" + ids.incrementAndGet()).put("name", "run_command").put("arguments", "{\"command\":\"ls\"}");
        } else {
            output.add(message("final_answer", users == 1 ? "It holds a README, sources and tests." : "The README, to get oriented."));
        }
        if (!request.path("stream").asBoolean(false)) {
            send(ex, 200, "application/json", json.writeValueAsString(response));
            return;
        }
        StringBuilder sse = new StringBuilder();
        int seq = 0;
        sse.append(event("response.created", seq++, json.createObjectNode().set("response", response.deepCopy().put("status", "in_progress")
                .set("output", json.createArrayNode()))));
        for (int i = 0; i < output.size(); i++) {
            ObjectNode added = (ObjectNode) output.get(i).deepCopy();
            if (kind == Kind.FLIPS_IN_STREAM && added.has("phase")) {
                added.put("phase", added.get("phase").asString().equals("commentary") ? "final_answer" : "commentary");
            }
            ObjectNode a = json.createObjectNode().put("output_index", i);
            a.set("item", added);
            sse.append(event("response.output_item.added", seq++, a));
            ObjectNode d = json.createObjectNode().put("output_index", i);
            d.set("item", output.get(i));
            sse.append(event("response.output_item.done", seq++, d));
        }
        sse.append(event("response.completed", seq, json.createObjectNode().set("response", response)));
        send(ex, 200, "text/event-stream", sse.toString());
    }

    private ObjectNode message(String phase, String text) {
        ObjectNode m = json.createObjectNode().put("id", "msg_" + ids.incrementAndGet()).put("type", "message")
                .put("role", "assistant").put("status", "completed");
        ObjectNode part = m.putArray("content").addObject().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        switch (kind) {
            case NO_PHASE -> { }
            case PHASE_IN_CONTENT_PART -> part.put("phase", phase);
            default -> m.put("phase", phase);
        }
        return m;
    }

    private String event(String type, int seq, ObjectNode data) {
        ObjectNode e = json.createObjectNode().put("type", type).put("sequence_number", seq);
        e.setAll(data);
        return "event: " + type + "\ndata: " + json.writeValueAsString(e) + "\n\n";
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }
}
