package dev.phasecheck.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small Responses proxy for the tests of {@code phasecheck proxy} (JDK HttpServer): it forwards
 * {@code POST /v1/responses} to {@code PHASECHECK_UPSTREAM_URL}, faithfully or with one fault.
 * Run as a process: {@code FaultyProxy FAULT PORT}.
 */
public final class FaultyProxy {
    enum Fault {
        FAITHFUL, STRIP_RESPONSE_PHASE, STRIP_STREAM_PHASE, STRIP_REQUEST_PHASE, DROP_COMMENTARY, RELABEL_FINAL,
        CHAT_COMPLETIONS, USER_PHASE, ERROR_500, EXIT_AFTER_FIRST, EXIT_AT_ONCE
    }

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Fault fault;
    private final String upstream;

    FaultyProxy(Fault fault, String upstream) {
        this.fault = fault;
        this.upstream = upstream;
    }

    public static void main(String[] args) throws Exception {
        Fault fault = Fault.valueOf(args[0]);
        if (fault == Fault.EXIT_AT_ONCE) {
            System.err.println("faulty proxy: giving up at once");
            System.exit(3);
        }
        String up = System.getenv("PHASECHECK_UPSTREAM_URL");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        FaultyProxy proxy = new FaultyProxy(fault, up);
        server.createContext("/", proxy::handle);
        server.start();
        System.out.println("faulty proxy (" + fault + ") on port " + args[1] + ", upstream " + up);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] in = ex.getRequestBody().readAllBytes();
            if (fault == Fault.ERROR_500) {
                send(ex, 500, "application/json", "{\"error\":{\"message\":\"proxy broke\"}}");
                return;
            }
            ObjectNode request = (ObjectNode) json.readTree(in);
            boolean stream = request.path("stream").asBoolean(false);
            String conversation = ex.getRequestHeaders().getFirst("X-Phasecheck-Conversation");
            if (fault == Fault.CHAT_COMPLETIONS) {
                chat(ex, request, stream, conversation);
                return;
            }
            forwardRequest(request);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + "/responses"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)));
            if (conversation != null) b.header("X-Phasecheck-Conversation", conversation);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("content-type").orElse("application/json");
            String body = r.body();
            if (type.startsWith("text/event-stream")) body = sse(body);
            else if (r.statusCode() < 400) body = json.writeValueAsString(response((ObjectNode) json.readTree(body), false));
            send(ex, r.statusCode(), type, body);
            if (fault == Fault.EXIT_AFTER_FIRST) {
                System.err.println("faulty proxy: exiting after one request");
                Runtime.getRuntime().halt(4);
            }
        } catch (Exception e) {
            send(ex, 502, "application/json", "{\"error\":{\"message\":\"proxy failed: " + e.getClass().getSimpleName() + "\"}}");
        }
    }

    private void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private void forwardRequest(ObjectNode request) {
        JsonNode input = request.get("input");
        if (input == null || !input.isArray()) return;
        for (JsonNode item : input) {
            ObjectNode o = (ObjectNode) item;
            boolean assistant = "assistant".equals(o.path("role").asString(""));
            boolean user = "user".equals(o.path("role").asString(""));
            switch (fault) {
                case STRIP_REQUEST_PHASE -> { if (assistant) o.remove("phase"); }
                case RELABEL_FINAL -> { if (assistant) o.put("phase", "final_answer"); }
                case USER_PHASE -> { if (user) o.put("phase", "commentary"); }
                default -> { }
            }
        }
    }

    /** A response body (or a stream's terminal response) on its way to the client. */
    private ObjectNode response(ObjectNode response, boolean streamed) {
        JsonNode output = response.get("output");
        if (output == null || !output.isArray()) return response;
        for (Iterator<JsonNode> it = ((ArrayNode) output).iterator(); it.hasNext(); ) {
            ObjectNode item = (ObjectNode) it.next();
            if (fault == Fault.DROP_COMMENTARY && "commentary".equals(item.path("phase").asString(null))) it.remove();
            else item(item, streamed);
        }
        return response;
    }

    private void item(ObjectNode item, boolean streamed) {
        if (fault == Fault.STRIP_RESPONSE_PHASE || (fault == Fault.STRIP_STREAM_PHASE && streamed)) item.remove("phase");
    }

    private String sse(String body) {
        StringBuilder out = new StringBuilder();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            if (block.isBlank()) continue;
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) event = line.substring(6).strip();
                else if (line.startsWith("data:")) data = line.substring(5).strip();
            }
            if (data == null || data.equals("[DONE]")) {
                out.append(block).append("\n\n");
                continue;
            }
            ObjectNode d = (ObjectNode) json.readTree(data);
            JsonNode item = d.get("item");
            if (item instanceof ObjectNode o) {
                if (fault == Fault.DROP_COMMENTARY && "commentary".equals(o.path("phase").asString(null))) continue;
                item(o, true);
            }
            if (d.get("response") instanceof ObjectNode r) response(r, true);
            if (event != null) out.append("event: ").append(event).append('\n');
            out.append("data: ").append(json.writeValueAsString(d)).append("\n\n");
        }
        return out.toString();
    }

    /** Downgrades to Chat Completions upstream and dresses the answer up as a Responses response. */
    private void chat(HttpExchange ex, ObjectNode request, boolean stream, String conversation) throws Exception {
        ObjectNode c = json.createObjectNode();
        c.put("model", request.path("model").asString());
        ArrayNode messages = c.putArray("messages");
        for (JsonNode item : request.path("input")) {
            String role = item.path("role").asString(null);
            if (role != null) {
                StringBuilder text = new StringBuilder();
                JsonNode content = item.get("content");
                if (content.isString()) text.append(content.asString());
                else for (JsonNode p : content) text.append(p.path("text").asString(""));
                messages.addObject().put("role", role).put("content", text.toString());
            } else if ("function_call".equals(item.path("type").asString())) {
                ObjectNode m = messages.addObject().put("role", "assistant");
                m.putArray("tool_calls").addObject().put("id", item.path("call_id").asString()).put("type", "function")
                        .putObject("function").put("name", item.path("name").asString()).put("arguments", item.path("arguments").asString());
            } else if ("function_call_output".equals(item.path("type").asString())) {
                messages.addObject().put("role", "tool").put("tool_call_id", item.path("call_id").asString())
                        .put("content", item.path("output").asString());
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(c)));
        if (conversation != null) b.header("X-Phasecheck-Conversation", conversation);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            send(ex, r.statusCode(), "application/json", r.body());
            return;
        }
        JsonNode msg = json.readTree(r.body()).path("choices").path(0).path("message");
        ObjectNode resp = json.createObjectNode().put("id", "resp_proxy_" + System.nanoTime()).put("object", "response")
                .put("model", request.path("model").asString()).put("status", "completed");
        ArrayNode output = resp.putArray("output");
        if (msg.path("content").isString() && !msg.path("content").asString().isEmpty()) {
            ObjectNode m = output.addObject().put("id", "msg_proxy_" + System.nanoTime()).put("type", "message")
                    .put("role", "assistant").put("status", "completed");
            m.putArray("content").addObject().put("type", "output_text").put("text", msg.path("content").asString())
                    .putArray("annotations");
        }
        for (JsonNode tc : msg.path("tool_calls")) {
            output.addObject().put("id", "fc_proxy_" + System.nanoTime()).put("type", "function_call").put("status", "completed")
                    .put("call_id", tc.path("id").asString()).put("name", tc.path("function").path("name").asString())
                    .put("arguments", tc.path("function").path("arguments").asString());
        }
        if (!stream) {
            send(ex, 200, "application/json", json.writeValueAsString(resp));
            return;
        }
        StringBuilder sse = new StringBuilder();
        int seq = 0;
        for (int i = 0; i < output.size(); i++) {
            for (String t : new String[] {"response.output_item.added", "response.output_item.done"}) {
                ObjectNode e = json.createObjectNode().put("type", t).put("sequence_number", seq++).put("output_index", i);
                e.set("item", output.get(i));
                sse.append("event: ").append(t).append("\ndata: ").append(json.writeValueAsString(e)).append("\n\n");
            }
        }
        ObjectNode done = json.createObjectNode().put("type", "response.completed").put("sequence_number", seq);
        done.set("response", resp);
        sse.append("event: response.completed\ndata: ").append(json.writeValueAsString(done)).append("\n\n");
        send(ex, 200, "text/event-stream", sse.toString());
    }
}
