package dev.phasecheck.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateless agent loop over plain HTTP, as a client under test: it sends the whole history,
 * runs every function call it is given, and adds a user message after each answer. It can be
 * conformant, or mishandle phase in one of the ways seen in the wild.
 */
public final class ReferenceClient {
    /** The ways a client gets phase wrong (and NONE, the conformant client). */
    public enum Fault {
        NONE, DROP_PHASE, ALTER_PHASE, MERGE, OMIT_COMMENTARY, USER_PHASE, CHAT_COMPLETIONS, STREAM_LOSES_PHASE,
        /** Drops all history but keeps its user messages (and function call outputs). */
        DROP_HISTORY,
        /** On a cut stream, keeps the partial commentary it saw, rebuilt as plain text, before retrying. */
        KEEP_PARTIAL
    }

    private String firstMessage = "Start the task, please.";
    private String key;
    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();

    /** The first user message (tests in a suite usually differ in it). */
    public ReferenceClient firstMessage(String text) {
        this.firstMessage = text;
        return this;
    }

    /** Sends {@code X-Phasecheck-Conversation: key} with every request. */
    public ReferenceClient conversationKey(String k) {
        this.key = k;
        return this;
    }

    /** How many times it retried (an error status or a stream cut before its end). */
    public int retries() {
        return retries.get();
    }

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Fault fault;
    private final boolean stream;

    /** @param baseUrl the OpenAI-style base URL, ending in {@code /v1} */
    public ReferenceClient(String baseUrl, Fault fault, boolean stream) {
        this.baseUrl = baseUrl;
        this.fault = fault;
        this.stream = stream || fault == Fault.STREAM_LOSES_PHASE;
    }

    /** Drives a conversation of {@code turns} model calls with {@code model}. */
    public void run(String model, int turns, boolean stateless) throws IOException, InterruptedException {
        ArrayNode history = json.createArrayNode();
        history.add(user(firstMessage));
        for (int t = 0; t < turns; t++) {
            if (fault == Fault.CHAT_COMPLETIONS) {
                chatTurn(model, history);
                continue;
            }
            ObjectNode request = json.createObjectNode();
            request.put("model", model);
            request.set("input", history.deepCopy());
            ArrayNode tools = request.putArray("tools");
            tools.addObject().put("type", "function").put("name", "run_command");
            tools.addObject().put("type", "function").put("name", "read_file");
            if (stateless) {
                request.put("store", false);
                request.putArray("include").add("reasoning.encrypted_content");
            }
            if (stream) request.put("stream", true);
            List<JsonNode> output = null;
            for (int attempt = 0; output == null; attempt++) {
                if (attempt > 3) throw new IOException("gave up after " + attempt + " attempts");
                HttpResponse<String> r = post("/responses", request);
                int status = r.statusCode();
                if (status == 429 || status >= 500) {
                    retries.incrementAndGet();
                    Thread.sleep(1000L * Integer.parseInt(r.headers().firstValue("retry-after").orElse("0")));
                    continue;
                }
                if (status != 200) throw new IOException("HTTP " + status + ": " + r.body());
                output = stream ? streamedOutput(r.body()) : list(json.readTree(r.body()).get("output"));
                if (output == null) {
                    // the stream ended before response.completed: retry the same request (a conformant client
                    // discards what it saw; the faulty one keeps the partial commentary as text)
                    retries.incrementAndGet();
                    if (fault == Fault.KEEP_PARTIAL) {
                        for (JsonNode partial : partialMessages(r.body())) history.add(partial);
                        request.set("input", history.deepCopy());
                    }
                }
            }
            if (fault == Fault.DROP_HISTORY) {
                ArrayNode kept = json.createArrayNode();
                for (JsonNode h : history) if ("user".equals(h.path("role").asString(""))) kept.add(h);
                history = kept;
            }
            boolean calls = false;
            for (JsonNode item : replay(output)) history.add(item);
            for (JsonNode item : output) {
                if ("function_call".equals(item.path("type").asString())) {
                    calls = true;
                    history.addObject().put("type", "function_call_output").put("call_id", item.get("call_id").asString())
                            .put("output", "ok: " + item.get("arguments").asString());
                }
            }
            if (!calls) history.add(user("Thanks. Next, please."));
        }
    }

    private ObjectNode user(String text) {
        ObjectNode u = json.createObjectNode().put("role", "user").put("content", text);
        if (fault == Fault.USER_PHASE) u.put("phase", "commentary");
        return u;
    }

    private List<JsonNode> list(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l;
    }

    /** What the client puts back in its history for a response's output items. */
    private List<JsonNode> replay(List<JsonNode> output) {
        List<JsonNode> out = new ArrayList<>();
        StringBuilder merged = null;
        for (JsonNode item : output) {
            ObjectNode copy = (ObjectNode) item.deepCopy();
            boolean message = "message".equals(copy.path("type").asString()) || copy.path("role").asString("").equals("assistant");
            if (!message) {
                out.add(copy);
                continue;
            }
            switch (fault) {
                case DROP_PHASE -> copy.remove("phase");
                case ALTER_PHASE -> {
                    String p = copy.path("phase").asString(null);
                    if (p != null) copy.put("phase", p.equals("commentary") ? "final_answer" : "commentary");
                }
                case OMIT_COMMENTARY -> {
                    if ("commentary".equals(copy.path("phase").asString(null))) continue;
                }
                case MERGE -> {
                    String text = copy.path("content").get(0).path("text").asString();
                    if (merged == null) {
                        merged = new StringBuilder(text);
                        ObjectNode m = json.createObjectNode().put("role", "assistant");
                        out.add(m);
                    } else {
                        merged.append("\n\n").append(text);
                    }
                    continue;
                }
                default -> { }
            }
            out.add(copy);
        }
        if (merged != null) {
            for (JsonNode o : out) {
                if (o.path("role").asString("").equals("assistant") && !o.has("content")) ((ObjectNode) o).put("content", merged.toString());
            }
        }
        return out;
    }

    /** Assembles a stream: output from the terminal event, or (the faulty client) text from deltas only. */
    private List<JsonNode> streamedOutput(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ")) events.add(json.readTree(line.substring(6)));
            }
        }
        if (fault == Fault.STREAM_LOSES_PHASE) {
            Map<String, ObjectNode> byId = new LinkedHashMap<>();
            for (JsonNode e : events) {
                String type = e.path("type").asString();
                if (type.equals("response.output_text.delta")) {
                    ObjectNode m = byId.computeIfAbsent(e.get("item_id").asString(),
                            k -> json.createObjectNode().put("role", "assistant").put("content", ""));
                    m.put("content", m.get("content").asString() + e.get("delta").asString());
                } else if (type.equals("response.output_item.done") && !"message".equals(e.path("item").path("type").asString())) {
                    byId.put(e.get("item").get("id").asString(), (ObjectNode) e.get("item"));
                }
            }
            return new ArrayList<>(byId.values());
        }
        for (JsonNode e : events) {
            if ("response.completed".equals(e.path("type").asString())) return list(e.get("response").get("output"));
        }
        return null; // cut before its end
    }

    /** The assistant messages a cut stream finished, rebuilt as plain text (what the faulty client keeps). */
    private List<JsonNode> partialMessages(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            for (String line : block.split("\n")) {
                if (!line.startsWith("data: ")) continue;
                JsonNode e = json.readTree(line.substring(6));
                if ("response.output_text.done".equals(e.path("type").asString())) {
                    out.add(json.createObjectNode().put("role", "assistant").put("content", e.get("text").asString()));
                }
            }
        }
        return out;
    }

    private void chatTurn(String model, ArrayNode history) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode();
        request.put("model", model);
        if (stream) request.put("stream", true);
        ArrayNode messages = request.putArray("messages");
        for (JsonNode h : history) messages.add(h);
        HttpResponse<String> r = post("/chat/completions", request);
        if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        String content;
        if (stream) {
            StringBuilder sb = new StringBuilder();
            for (String line : r.body().split("\n")) {
                if (!line.startsWith("data: ") || line.equals("data: [DONE]")) continue;
                sb.append(json.readTree(line.substring(6)).path("choices").get(0).path("delta").path("content").asString(""));
            }
            content = sb.toString();
        } else {
            content = json.readTree(r.body()).path("choices").get(0).path("message").path("content").asString("");
        }
        history.addObject().put("role", "assistant").put("content", content);
        history.add(user("Go on."));
    }

    private HttpResponse<String> post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .headers(key == null ? new String[] {"X-Client", "reference"} : new String[] {"X-Phasecheck-Conversation", key})
                .header("Authorization", "Bearer " + System.getenv().getOrDefault("OPENAI_API_KEY", "sk-test"))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** As a command: {@code ReferenceClient SCENARIO_MODEL TURNS [FAULT] [stream] [stateless]}, base URL from OPENAI_BASE_URL. */
    public static void main(String[] args) throws Exception {
        String base = System.getenv("OPENAI_BASE_URL");
        if (base == null) {
            System.err.println("OPENAI_BASE_URL is not set");
            System.exit(3);
        }
        Fault fault = args.length > 2 ? Fault.valueOf(args[2]) : Fault.NONE;
        boolean stream = args.length > 3 && args[3].equals("stream");
        boolean stateless = args.length > 4 && args[4].equals("stateless");
        new ReferenceClient(base, fault, stream).run(args[0], Integer.parseInt(args[1]), stateless);
        System.out.println("reference client: " + args[1] + " turns done");
    }
}
