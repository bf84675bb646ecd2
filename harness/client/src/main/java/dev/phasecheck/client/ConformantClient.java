package dev.phasecheck.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * phasecheck's own conformant Responses API client: it plays the user's side of a conversation the way
 * the phase guide asks. It sends the whole history every turn ({@code store: false}, reasoning kept as
 * encrypted content), replays every output item exactly as it received it — from the JSON body, or
 * assembled from the stream as transcript-format.md §4 says — answers each function call with a canned
 * output, and follows each answer with the plan's next user message. Every request names the
 * conversation ({@code metadata.phasecheck_conversation} and {@code X-Phasecheck-Conversation}).
 * A retryable failure (429, 5xx, a cut stream, a transport error) is retried with the same request,
 * twice at most. Each instance is independent; several may run at once.
 */
public final class ConformantClient {
    /** The header that names the conversation (scenarios.md, "Many conversations at once"). */
    public static final String CONVERSATION_HEADER = "X-Phasecheck-Conversation";
    /** The metadata key that names the conversation. */
    public static final String CONVERSATION_METADATA = "phasecheck_conversation";
    private static final int RETRIES = 2;

    /** Told about each exchange as soon as it is over (before the next request is sent). */
    public interface Listener {
        void exchanged(ObjectNode exchange);
    }

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final Duration requestTimeout;
    private final int retries;
    private final Map<String, String> headers;

    /**
     * @param baseUrl        the API base URL, ending in {@code /v1} or {@code /api/v1}
     * @param apiKey         the bearer key to send (never recorded)
     * @param requestTimeout how long one request may take
     */
    public ConformantClient(String baseUrl, String apiKey, Duration requestTimeout) {
        this(baseUrl, apiKey, requestTimeout, RETRIES);
    }

    /**
     * As above, retrying a retryable failure at most {@code retries} times (0: every request is sent
     * once, so a plan's {@code maxRequests} bounds the requests sent).
     */
    public ConformantClient(String baseUrl, String apiKey, Duration requestTimeout, int retries) {
        this(baseUrl, apiKey, requestTimeout, retries, Map.of());
    }

    /** As above, sending {@code headers} with every request too (a gateway's own routing headers). */
    public ConformantClient(String baseUrl, String apiKey, Duration requestTimeout, int retries, Map<String, String> headers) {
        if (retries < 0) throw new IllegalArgumentException("retries must not be negative");
        this.retries = retries;
        this.headers = Map.copyOf(headers);
        String b = baseUrl;
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        this.baseUrl = b;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The tools every request declares: the two the built-in scenarios call. */
    public ArrayNode tools() {
        ArrayNode tools = json.createArrayNode();
        ObjectNode run = tools.addObject().put("type", "function").put("name", "run_command")
                .put("description", "Run a shell command in the project directory and return its output.");
        ObjectNode rp = run.putObject("parameters").put("type", "object");
        rp.putObject("properties").putObject("command").put("type", "string");
        rp.putArray("required").add("command");
        rp.put("additionalProperties", false);
        ObjectNode read = tools.addObject().put("type", "function").put("name", "read_file")
                .put("description", "Read a file of the project.");
        ObjectNode fp = read.putObject("parameters").put("type", "object");
        fp.putObject("properties").putObject("path").put("type", "string");
        fp.putArray("required").add("path");
        fp.put("additionalProperties", false);
        return tools;
    }

    /** The canned output the client gives a function call. */
    public static String functionOutput(JsonNode call) {
        String name = call.path("name").asString("");
        String args = call.path("arguments").isString() ? call.path("arguments").asString() : call.path("arguments").toString();
        return switch (name) {
            case "run_command" -> "exit status 0\n" + "README.md\nsrc/\ntests/\n" + "(phasecheck canned output for " + args + ")";
            case "read_file" -> "// phasecheck canned file content for " + args + "\n";
            default -> "ok";
        };
    }

    /** Plays the plan; never throws for what the server does (that is the result's problem). */
    public Conversation play(Plan plan, Listener listener) throws InterruptedException {
        List<ObjectNode> exchanges = new ArrayList<>();
        ArrayNode history = json.createArrayNode();
        int nextUser = 0;
        history.add(user(plan.userMessages().get(nextUser++)));
        for (int turn = 0; turn < plan.maxRequests(); turn++) {
            ObjectNode request = request(plan, history);
            Outcome outcome = null;
            for (int attempt = 0; attempt <= retries; attempt++) {
                outcome = send(plan, turn, request);
                exchanges.add(outcome.exchange());
                if (listener != null) listener.exchanged(outcome.exchange());
                if (!outcome.retryable() || attempt == retries) break;
                Thread.sleep(Math.min(2000, outcome.retryAfterMs()));
            }
            if (outcome.problem() != null) {
                return new Conversation(plan.key(), exchanges, "request " + (turn + 1) + ": " + outcome.problem());
            }
            boolean calls = false;
            for (JsonNode item : outcome.output()) {
                history.add(item.deepCopy()); // verbatim: every output item, phase and all
            }
            for (JsonNode item : outcome.output()) {
                if ("function_call".equals(item.path("type").asString(""))) {
                    calls = true;
                    history.addObject().put("type", "function_call_output").put("call_id", item.path("call_id").asString(""))
                            .put("output", functionOutput(item));
                }
            }
            if (!calls) {
                if (nextUser < plan.userMessages().size()) {
                    history.add(user(plan.userMessages().get(nextUser++)));
                } else if (plan.stopWhenAnswered()) {
                    break;
                } else {
                    history.add(user(Plan.NEXT));
                }
            }
        }
        return new Conversation(plan.key(), exchanges, null);
    }

    private ObjectNode user(String text) {
        return json.createObjectNode().put("role", "user").put("content", text);
    }

    private ObjectNode request(Plan plan, ArrayNode history) {
        ObjectNode request = json.createObjectNode();
        request.put("model", plan.model());
        request.set("input", history.deepCopy());
        request.set("tools", tools());
        request.put("store", false);
        request.putArray("include").add("reasoning.encrypted_content");
        ObjectNode metadata = request.putObject("metadata");
        metadata.put(CONVERSATION_METADATA, plan.key());
        for (Map.Entry<String, String> m : plan.marker().entrySet()) metadata.put(m.getKey(), m.getValue());
        if (plan.stream()) request.put("stream", true);
        return request;
    }

    private record Outcome(ObjectNode exchange, List<JsonNode> output, String problem, boolean retryable, long retryAfterMs) {}

    private Outcome send(Plan plan, int turn, ObjectNode request) throws InterruptedException {
        String url = baseUrl + "/responses";
        ObjectNode exchange = json.createObjectNode();
        exchange.put("url", url);
        exchange.put("time", Instant.now().toString());
        exchange.put("conversation", plan.key());
        exchange.put("turn", turn);
        exchange.set("request", request.deepCopy());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", plan.stream() ? "text/event-stream" : "application/json")
                .header(CONVERSATION_HEADER, plan.key())
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)));
        if (apiKey != null && !apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
        for (Map.Entry<String, String> h : headers.entrySet()) b.header(h.getKey(), h.getValue());
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            exchange.put("error", "no answer within " + requestTimeout.toSeconds() + " s");
            return new Outcome(exchange, List.of(), "no answer within " + requestTimeout.toSeconds() + " s", false, 0);
        } catch (IOException e) {
            String why = "the connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            exchange.put("error", why);
            return new Outcome(exchange, List.of(), why, true, 200);
        }
        int status = r.statusCode();
        exchange.put("status", status);
        String body = r.body() == null ? "" : r.body();
        String type = r.headers().firstValue("content-type").orElse("");
        boolean sse = type.startsWith("text/event-stream") || (plan.stream() && status < 400 && body.stripLeading().startsWith("event:"));
        if (sse) {
            exchange.put("response_sse", body);
        } else {
            try {
                JsonNode parsed = json.readTree(body);
                if (parsed != null && parsed.isObject()) exchange.set("response", parsed);
                else exchange.put("response_text", clip(body));
            } catch (JacksonException e) {
                exchange.put("response_text", clip(body));
            }
        }
        if (status >= 400) {
            boolean retry = status == 429 || status >= 500;
            long after = r.headers().firstValue("retry-after").map(ConformantClient::seconds).orElse(200L);
            return new Outcome(exchange, List.of(), "HTTP " + status + errorMessage(exchange), retry, after);
        }
        if (sse) {
            StreamAssembly a = StreamAssembly.parse(body, json);
            if (a.problem() != null) return new Outcome(exchange, a.output(), a.problem(), a.terminal() == null, 200);
            return new Outcome(exchange, a.output(), null, false, 0);
        }
        JsonNode response = exchange.get("response");
        if (response == null) return new Outcome(exchange, List.of(), "the response body is not a JSON object", false, 0);
        JsonNode output = response.get("output");
        if (output == null || !output.isArray()) return new Outcome(exchange, List.of(), "the response has no output array", false, 0);
        List<JsonNode> items = new ArrayList<>();
        output.forEach(items::add);
        return new Outcome(exchange, items, null, false, 0);
    }

    private static long seconds(String v) {
        try {
            return Math.max(0, (long) (Double.parseDouble(v.strip()) * 1000));
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    private static String errorMessage(ObjectNode exchange) {
        JsonNode m = exchange.path("response").path("error").path("message");
        return m.isString() ? ": " + clip(m.asString()) : "";
    }

    private static String clip(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "…";
    }
}
