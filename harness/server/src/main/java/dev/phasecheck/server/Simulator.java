package dev.phasecheck.server;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.server.ws.ClientMessage;
import dev.phasecheck.server.ws.FrontListener;
import dev.phasecheck.server.ws.StoredState;
import dev.phasecheck.server.ws.Turn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated Responses API on WireMock, bound to one scenario. It answers the N-th model request
 * ({@code POST …/responses} or {@code …/chat/completions}, under {@code /v1}, {@code /api/v1} or
 * any prefix) with the scenario's N-th response — JSON, or an SSE stream delivered in flushed
 * chunks when the request says {@code "stream": true} — and past the last one with an API-style
 * 400. Every exchange goes into a journal of native transcript exchanges, which lints exactly as
 * {@code phasecheck lint} would lint it when recorded. Each instance has its own state.
 */
public final class Simulator implements AutoCloseable {
    /** Request bodies larger than this are refused (a 400 and a finding) rather than kept. */
    public static final int MAX_BODY_BYTES = 64 << 20;
    private static final String TRANSFORMER = "phasecheck-simulator";

    /**
     * How to run a server.
     *
     * @param host         the address to bind (default 127.0.0.1)
     * @param port         the port, 0 for a free one
     * @param eventDelayMs pacing of SSE events, or null for the scenario's
     */
    public record Settings(String host, int port, Integer eventDelayMs) {
        public static Settings defaults() {
            return new Settings("127.0.0.1", 0, null);
        }

        public Settings withPort(int p) {
            return new Settings(host, p, eventDelayMs);
        }

        public Settings withHost(String h) {
            return new Settings(h, port, eventDelayMs);
        }

        public Settings withEventDelayMs(Integer ms) {
            return new Settings(host, port, ms);
        }
    }

    private final ObjectMapper json = JsonMapper.builder().build();
    private final Scenario scenario;
    private final ResponseFactory factory;
    private final WireMockServer wireMock;
    private final List<ObjectNode> journal = new ArrayList<>();
    private final String host;
    private int modelRequests;
    // WebSocket transport and stored state (dev.phasecheck.server.ws)
    private final FrontListener front;
    private final StoredState stored = new StoredState();

    private Simulator(Scenario scenario, Settings settings) {
        this.scenario = settings.eventDelayMs() == null ? scenario : scenario.withEventDelayMs(settings.eventDelayMs());
        this.factory = new ResponseFactory(this.scenario, this.scenario.id().hashCode());
        this.host = settings.host();
        WireMockConfiguration config = WireMockConfiguration.options()
                .bindAddress("127.0.0.1") // internal: the front listener (ws) owns the public port
                .extensions(new Transformer())
                .gzipDisabled(true) // a gzip filter would hold SSE chunks back
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.BODY_FILE)
                .disableRequestJournal() // the simulator keeps its own journal
                .stubRequestLoggingDisabled(true)
                .notifier(new ConsoleNotifier(false))
                .containerThreads(16)
                .jettyAcceptors(1);
        config = config.dynamicPort();
        this.wireMock = new WireMockServer(config);
        wireMock.start();
        wireMock.stubFor(WireMock.any(WireMock.anyUrl())
                .willReturn(new ResponseDefinitionBuilder().withTransformers(TRANSFORMER)));
        // ws: the public port; WebSocket upgrades of …/responses are served there, the rest piped to WireMock
        try {
            this.front = FrontListener.start(settings.host(), settings.port(), wireMock.port(), this::websocketTurn, MAX_BODY_BYTES);
        } catch (IOException e) {
            wireMock.stop();
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /** Starts a server for the scenario on a free port of 127.0.0.1. */
    public static Simulator start(Scenario scenario) {
        return start(scenario, Settings.defaults());
    }

    public static Simulator start(Scenario scenario, Settings settings) {
        return new Simulator(scenario, settings);
    }

    public Scenario scenario() {
        return scenario;
    }

    public int port() {
        return front.port(); // ws: the public port
    }

    /** {@code http://HOST:PORT}: the server's root. */
    public String baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + (h.equals("0.0.0.0") ? "127.0.0.1" : h) + ":" + port();
    }

    /** {@code http://HOST:PORT/v1}, what OpenAI SDKs take as their base URL. */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    /** {@code http://HOST:PORT/api/v1}, what OpenRouter clients take as their base URL. */
    public String openRouterBaseUrl() {
        return baseUrl() + "/api/v1";
    }

    /** The environment a client under test is given. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENAI_BASE_URL", openAiBaseUrl());
        env.put("OPENAI_API_KEY", "sk-phasecheck-dummy-key");
        env.put("OPENROUTER_BASE_URL", openRouterBaseUrl());
        env.put("PHASECHECK_BASE_URL", baseUrl());
        return env;
    }

    /** How many exchanges the server has seen. */
    public synchronized int exchanges() {
        return journal.size();
    }

    /** A copy of the journal: every exchange, as native transcript exchange objects. */
    public synchronized List<JsonNode> journal() {
        List<JsonNode> copy = new ArrayList<>();
        for (ObjectNode e : journal) copy.add(e.deepCopy());
        return copy;
    }

    /** Lints everything received so far, as {@code phasecheck lint} would lint the recorded journal. */
    public LintResult lint(Linter linter, String name) {
        return linter.lintExchanges(name, journal());
    }

    /** Writes the journal as native JSONL. */
    public void record(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (JsonNode e : journal()) {
                w.write(json.writeValueAsString(e));
                w.write('\n');
            }
        }
    }

    @Override
    public void close() {
        front.close(); // ws
        wireMock.stop();
    }

    /** Answers one request; also journals it. */
    private synchronized ResponseDefinition answer(Request request) {
        String url = request.getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        boolean responses = path.endsWith("/responses");
        boolean chat = path.endsWith("/chat/completions");
        ObjectNode entry = json.createObjectNode();
        entry.put("url", url);
        entry.put("time", Instant.now().toString());
        if (!request.getMethod().getName().equals("POST") || !(responses || chat)) {
            // not a model endpoint: answer like the API does, and keep it out of the journal
            return definition(json(404, factory.error("Invalid URL (" + request.getMethod().getName() + " " + path + ")", null, null)));
        }
        byte[] body = request.getBody();
        JsonNode parsed = null;
        String problem = null;
        if (body == null || body.length == 0) {
            problem = "We could not parse the JSON body of your request: the body is empty.";
        } else if (body.length > MAX_BODY_BYTES) {
            problem = "The request body is " + body.length + " bytes; the simulator takes at most " + MAX_BODY_BYTES + ".";
        } else {
            try {
                parsed = json.readTree(body);
                if (!parsed.isObject()) {
                    problem = "We could not parse the JSON body of your request: it must be a JSON object.";
                }
            } catch (JacksonException e) {
                problem = "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                        + "HTTP library correctly. The request body must be JSON.)";
            }
        }
        if (problem != null) {
            // journal what arrived as a string, so lint reports it as unreadable where it happened
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8);
            entry.put("request", shown);
            return journalled(entry, json(400, factory.error(problem, null, null)));
        }
        entry.set("request", parsed);
        JsonNode model = parsed.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            return journalled(entry, json(400, factory.error("Missing required parameter: 'model'.", "model", null)));
        }
        StoredState.Rejection rejected = stored.check(parsed, null); // ws: stored state
        if (rejected != null) {
            return journalled(entry, json(400, factory.error(rejected.message(), rejected.param(), rejected.code())));
        }
        int turn = modelRequests++;
        if (turn >= scenario.turns()) {
            return journalled(entry, json(400, factory.error("The scenario '" + scenario.id() + "' has no more turns: it scripts "
                    + scenario.turns() + " responses and this is request " + (turn + 1) + ".", null, "scenario_exhausted")));
        }
        boolean stream = parsed.path("stream").asBoolean(false);
        if (chat) {
            ObjectNode completion = factory.chatCompletion(turn);
            return stream ? journalled(entry, sse(factory.chatEvents(completion))) : journalled(entry, json(200, completion));
        }
        ObjectNode response = factory.response(turn, parsed);
        stored.remember(parsed, response, null); // ws: stored state
        return stream ? journalled(entry, sse(factory.events(response))) : journalled(entry, json(200, response));
    }

    private record Answer(int status, ObjectNode json, List<String> events) {}

    private Answer json(int status, ObjectNode body) {
        return new Answer(status, body, null);
    }

    private Answer sse(List<String> events) {
        return new Answer(200, null, events);
    }

    private ResponseDefinition journalled(ObjectNode entry, Answer a) {
        entry.put("status", a.status());
        if (a.events() != null) entry.put("response_sse", String.join("", a.events()));
        else entry.set("response", a.json());
        journal.add(entry);
        return definition(a);
    }

    private ResponseDefinition definition(Answer a) {
        ResponseDefinitionBuilder b = new ResponseDefinitionBuilder().withStatus(a.status())
                .withHeader("x-request-id", "req_phasecheck_" + journal.size());
        if (a.events() == null) {
            return b.withHeader("Content-Type", "application/json").withBody(json.writeValueAsString(a.json())).build();
        }
        String body = String.join("", a.events());
        int chunks = Math.max(1, a.events().size());
        // flushed chunk by chunk (byte-sized, so a chunk may split an event), paced as the scenario says
        return b.withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withHeader("Cache-Control", "no-cache")
                .withBody(body)
                .withChunkedDribbleDelay(chunks, scenario.eventDelayMs() * chunks)
                .build();
    }

    // ---- WebSocket transport (dev.phasecheck.server.ws): each response.create message is one turn ----

    /** Answers one WebSocket message of connection {@code connection}; journals it as a websocket exchange. */
    private synchronized Turn websocketTurn(String connection, String path, JsonNode message) {
        ClientMessage m = ClientMessage.of(message);
        if (m.ignored()) return Turn.none();
        ObjectNode entry = json.createObjectNode();
        entry.put("url", path);
        entry.put("time", Instant.now().toString());
        entry.put("transport", "websocket");
        entry.put("connection", connection);
        if (m.problem() != null) {
            String shown = message.isString() ? message.asString() : json.writeValueAsString(message);
            entry.put("request", shown.length() > 2000 ? shown.substring(0, 2000) : shown);
            return websocketJournalled(entry, Turn.error(400, factory.error(m.problem(), "type", m.code())));
        }
        ObjectNode body = m.body();
        entry.set("request", body);
        JsonNode model = body.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            return websocketJournalled(entry, Turn.error(400, factory.error("Missing required parameter: 'model'.", "model", null)));
        }
        StoredState.Rejection rejected = stored.check(body, connection);
        if (rejected != null) {
            return websocketJournalled(entry, Turn.error(400, factory.error(rejected.message(), rejected.param(), rejected.code())));
        }
        if (body.path("generate").isBoolean() && !body.get("generate").asBoolean()) {
            // a prewarm (the Codex CLI's first message): a response with no output, not a turn of the scenario
            ObjectNode warm = factory.response(Math.min(modelRequests, scenario.turns() - 1), body);
            warm.putArray("output");
            stored.remember(body, warm, connection);
            return websocketJournalled(entry, Turn.ofSse(factory.events(warm), 0));
        }
        int turn = modelRequests++;
        if (turn >= scenario.turns()) {
            return websocketJournalled(entry, Turn.error(400, factory.error("The scenario '" + scenario.id() + "' has no more turns: it scripts "
                    + scenario.turns() + " responses and this is request " + (turn + 1) + ".", null, "scenario_exhausted")));
        }
        ObjectNode response = factory.response(turn, body);
        stored.remember(body, response, connection);
        return websocketJournalled(entry, Turn.ofSse(factory.events(response), scenario.eventDelayMs()));
    }

    private Turn websocketJournalled(ObjectNode entry, Turn t) {
        entry.put("status", t.status());
        if (t.errorBody() != null) entry.set("response", t.errorBody());
        else entry.put("response_sse", t.sse());
        if (t.fault() != null) entry.put("fault", t.fault());
        journal.add(entry);
        return t;
    }

    /** The WireMock extension of this instance (not shared: each server has its own). */
    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return answer(serveEvent.getRequest());
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return TRANSFORMER;
        }
    }
}
