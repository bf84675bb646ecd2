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
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.replay.ReplayIndex;
import dev.phasecheck.rules.replay.ResponseRecord;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated Responses API on WireMock, bound to one scenario, serving any number of
 * conversations at once. Each model request ({@code POST …/responses} or {@code …/chat/completions},
 * under {@code /v1}, {@code /api/v1} or any prefix) is routed to its conversation (see
 * {@link #route}); the N-th request of a conversation gets the scenario's N-th response — JSON, or
 * an SSE stream delivered in flushed chunks when the request says {@code "stream": true} — and past
 * the last one an API-style 400 (a {@code scenario-exhausted} finding). Faults scripted on a turn
 * are served on its first attempt in each conversation. Every exchange goes into a journal of native transcript exchanges, which lints exactly as
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

    /** The header that names a request's conversation explicitly. */
    public static final String CONVERSATION_HEADER = "X-Phasecheck-Conversation";
    /** The request {@code metadata} key that names a request's conversation explicitly. */
    public static final String CONVERSATION_METADATA = "phasecheck_conversation";

    /**
     * What the server knows of one conversation.
     *
     * @param id        {@code c1}, {@code c2}, … in the order they began
     * @param key       the explicit key the client gave, or null
     * @param exchanges the journal positions of its exchanges
     * @param turns     how many scripted turns it was served
     * @param completed true when it was served every turn of the script
     * @param exhausted how many of its requests came past the end of the script
     */
    public record Conversation(String id, String key, List<Integer> exchanges, int turns, boolean completed, int exhausted) {}

    private final ObjectMapper json = JsonMapper.builder().build();
    private final Scenario scenario;
    private final ResponseFactory factory;
    private final WireMockServer wireMock;
    private final List<ObjectNode> journal = new ArrayList<>();
    /** Journal positions that are not judged: the server's own scripted faults, and stalled attempts that were retried. */
    private final Set<Integer> notJudged = new HashSet<>();
    private final String host;
    private final List<Conv> conversations = new ArrayList<>();
    private final Map<String, Conv> byKey = new HashMap<>();
    private final Map<String, Conv> byResponseId = new HashMap<>();
    /** Every response the server gave, for exact routing by the ids it minted (unique across conversations). */
    private final ReplayIndex routing = new ReplayIndex();
    private final List<Conv> convOfExchange = new ArrayList<>();
    /** Conversations by the first user message they were sent. */
    private final Map<String, List<Conv>> byFirstUser = new HashMap<>();

    /** The mutable state of one conversation (guarded by the simulator's lock). */
    private static final class Conv {
        final String id;
        final String key;
        final int seq;
        final String callSuffix;
        /** Its own responses, for routing by text. */
        final ReplayIndex index = new ReplayIndex();
        final List<Integer> exchanges = new ArrayList<>();
        final Set<Integer> faultedTurns = new HashSet<>();
        int turn;
        int exhausted;
        String firstUser;
        int lastUsers;
        boolean awaitingRetry;
        /** The journal position of a stalled turn that a retry may still replace, and that request's input. */
        Integer stalled;
        JsonNode stalledInput;

        Conv(String id, String key, int seq) {
            this.id = id;
            this.key = key;
            this.seq = seq;
            this.callSuffix = seq == 0 ? "" : "_" + id;
        }
    }
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
                // streams are written by the asynchronous response threads (every stream has an initial
                // delay, so WireMock hands it to them): a paced or unread stream never holds a request thread
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(ASYNC_THREADS)
                .containerThreads(32)
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

    /** How many streams can be written at once; more wait for a writer (they never block plain requests). */
    static final int ASYNC_THREADS = 256;

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

    /** The conversations so far, in the order they began. */
    public synchronized List<Conversation> conversations() {
        List<Conversation> out = new ArrayList<>();
        for (Conv c : conversations) {
            out.add(new Conversation(c.id, c.key, List.copyOf(c.exchanges), c.turn, c.turn >= scenario.turns(), c.exhausted));
        }
        return out;
    }

    /** "N conversations served, M completed their script" (for summaries). */
    public String conversationSummary() {
        List<Conversation> cs = conversations();
        long done = cs.stream().filter(Conversation::completed).count();
        long exhausted = cs.stream().filter(c -> c.exhausted() > 0).count();
        return cs.size() + " conversation" + (cs.size() == 1 ? "" : "s") + " served, " + done + " completed "
                + (cs.size() == 1 ? "its" : "their") + " script (" + scenario.turns() + " turn" + (scenario.turns() == 1 ? "" : "s")
                + ")" + (exhausted == 0 ? "" : ", " + exhausted + " went past it");
    }

    /**
     * Lints everything received so far, each conversation as a transcript of its own (so
     * {@code nothing-checked} and omissions are per conversation). Findings name their conversation,
     * and their exchange index and line are positions in the whole journal (as recorded with
     * {@code --record}). The server's own scripted faults are not judged.
     */
    public LintResult lint(Linter linter, String name) {
        return lint(linter, name, c -> true);
    }

    /** As {@link #lint(Linter, String)}, for the conversations {@code which} accepts. */
    public LintResult lint(Linter linter, String name, Predicate<Conversation> which) {
        List<Conversation> cs;
        List<JsonNode> all;
        Set<Integer> skip;
        synchronized (this) {
            cs = conversations();
            all = journal();
            skip = new HashSet<>(notJudged);
        }
        List<LintResult> parts = new ArrayList<>();
        for (Conversation c : cs) {
            if (!which.test(c)) continue;
            List<JsonNode> mine = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            for (int i : c.exchanges()) {
                if (skip.contains(i)) continue;
                mine.add(all.get(i));
                positions.add(i);
            }
            LintResult r = linter.lintExchanges(name, mine);
            List<Finding> findings = new ArrayList<>();
            for (Finding f : r.findings()) findings.add(relocate(f, positions).withConversation(c.id()));
            parts.add(new LintResult(r.files(), findings));
        }
        if (parts.isEmpty()) return linter.lintExchanges(name, List.of()); // nothing received: one empty transcript
        return LintResult.merge(parts);
    }

    /** A finding of a conversation's transcript, with its positions in the whole journal. */
    private static Finding relocate(Finding f, List<Integer> positions) {
        Integer index = f.index() == null || f.index() >= positions.size() ? f.index() : positions.get(f.index());
        Integer line = f.line() == null || index == null ? f.line() : Integer.valueOf(index + 1);
        List<Related> related = new ArrayList<>();
        for (Related r : f.related()) {
            Integer ri = r.index() == null || r.index() >= positions.size() ? r.index() : positions.get(r.index());
            related.add(new Related(r.file(), ri, r.line() == null || ri == null ? r.line() : Integer.valueOf(ri + 1),
                    r.pointer(), r.value(), r.interaction()));
        }
        List<Related> repeats = new ArrayList<>();
        for (Related r : f.repeats()) {
            Integer ri = r.index() == null || r.index() >= positions.size() ? r.index() : positions.get(r.index());
            repeats.add(new Related(r.file(), ri, r.line() == null || ri == null ? r.line() : Integer.valueOf(ri + 1),
                    r.pointer(), r.value(), r.interaction()));
        }
        return new Finding(f.rule(), f.severity(), f.message(), f.file(), index, line, f.pointer(), f.value(), related,
                f.interaction(), f.conversation(), f.direction(), repeats);
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
    private Answer answer(Request request) {
        String url = request.getUrl();
        String path = dev.phasecheck.rules.read.Endpoint.path(url);
        dev.phasecheck.rules.read.Endpoint endpoint = dev.phasecheck.rules.read.Endpoint.creating(url);
        boolean responses = endpoint == dev.phasecheck.rules.read.Endpoint.RESPONSES;
        boolean chat = endpoint == dev.phasecheck.rules.read.Endpoint.CHAT_COMPLETIONS;
        ObjectNode entry = json.createObjectNode();
        entry.put("url", url);
        entry.put("time", Instant.now().toString());
        if (!request.getMethod().getName().equals("POST") || !(responses || chat)) {
            // not a model endpoint: answer like the API does, and keep it out of the journal
            return (json(404, factory.error("Invalid URL (" + request.getMethod().getName() + " " + path + ")", null, null)));
        }
        String headerKey = request.containsHeader(CONVERSATION_HEADER) ? request.getHeader(CONVERSATION_HEADER) : null;
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
        // the body is read and parsed outside the lock; routing, the turn and the journal are decided under it
        synchronized (this) {
            if (problem != null) {
                // journal what arrived as a string, so lint reports it as unreadable where it happened
                Conv c = headerKey != null && !headerKey.isBlank() ? keyed(headerKey) : newConversation(null);
                String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8);
                entry.put("conversation", c.id);
                entry.put("request", shown);
                return journalled(c, entry, json(400, factory.error(problem, null, null)));
            }
            return turn(parsed, headerKey, chat, url, entry, null);
        }
    }

    /**
     * One model request, parsed: routed to its conversation, checked against the stored state,
     * answered with the conversation's next scripted turn (or its fault), and journalled. Over a
     * WebSocket, {@code connection} names the connection (its own responses count as stored).
     * Called under the simulator's lock.
     */
    private Answer turn(JsonNode parsed, String headerKey, boolean chat, String url, ObjectNode entry, String connection) {
        if (connection != null) {
            entry.put("transport", "websocket");
            entry.put("connection", connection);
        }
        Conv c = route(parsed, headerKey, chat, url);
        entry.put("conversation", c.id);
        entry.set("request", parsed);
        StoredState.Rejection rejected = stored.check(parsed, connection);
        if (rejected != null) {
            // the real API keeps no copy of a store:false response (but a WebSocket connection keeps its own)
            return journalled(c, entry, json(400, factory.error(rejected.message(), rejected.param(), rejected.code())));
        }
        JsonNode model = parsed.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            return journalled(c, entry, json(400, factory.error("Missing required parameter: 'model'.", "model", null)));
        }
        List<String> users = userTexts(parsed, chat);
        if (c.firstUser == null && !users.isEmpty()) {
            c.firstUser = users.get(0);
            byFirstUser.computeIfAbsent(c.firstUser, k -> new ArrayList<>()).add(c);
        }
        c.lastUsers = users.size();
        c.awaitingRetry = false;
        int turn = c.turn;
        boolean retryOfStall = false;
        if (c.stalled != null && turn > 0 && java.util.Objects.equals(c.stalledInput, parsed.get(chat ? "messages" : "input"))) {
            // the client gave up on a stalled turn and asks again: the retry gets that turn, the stalled attempt is not judged
            notJudged.add(c.stalled);
            turn--;
            retryOfStall = true;
        }
        c.stalled = null;
        c.stalledInput = null;
        if (turn >= scenario.turns()) {
            c.exhausted++;
            entry.put("scenario_exhausted", true);
            return journalled(c, entry, json(400, factory.error("The scenario '" + scenario.id() + "' has no more turns in conversation "
                    + c.id + ": it scripts " + scenario.turns() + " responses and this is request " + (turn + 1) + " of the conversation.",
                    null, "scenario_exhausted")));
        }
        boolean stream = connection != null || parsed.path("stream").asBoolean(false); // a WebSocket always streams
        Scenario.Fault fault = retryOfStall ? null : scenario.fault(turn);
        boolean faulted = fault != null && c.faultedTurns.add(turn);
        int stall = faulted && fault.stallMs() != null ? fault.stallMs() : 0;
        if (faulted && (fault.status() != null || fault.disconnectAfterEvents() != null)) {
            entry.put("fault", fault.kind());
            c.awaitingRetry = true;
            notJudged.add(journal.size());
            if (fault.status() != null || !stream) {
                int status = fault.status() != null ? fault.status() : 500;
                Answer a = new Answer(status, factory.serverError(status), null, stall,
                        status == 429 ? fault.retryAfterSeconds() : null, false);
                return journalled(c, entry, a);
            }
            if (chat) {
                List<String> events = factory.chatEvents(factory.chatCompletion(turn, c.callSuffix));
                return journalled(c, entry, cut(events, fault.disconnectAfterEvents(), stall));
            }
            ObjectNode response = factory.response(turn, parsed, c.callSuffix);
            remember(c, url, parsed, response);
            stored.remember(parsed, response, connection);
            return journalled(c, entry, cut(factory.events(response), fault.disconnectAfterEvents(), stall));
        }
        if (faulted) {
            // a stall alone: the turn is served late; a retry with the same input replaces it
            entry.put("fault", fault.kind());
            c.stalled = journal.size();
            c.stalledInput = parsed.get(chat ? "messages" : "input");
            c.awaitingRetry = true;
        }
        c.turn = turn + 1;
        if (chat) {
            ObjectNode completion = factory.chatCompletion(turn, c.callSuffix);
            return journalled(c, entry, stream ? sse(factory.chatEvents(completion), stall) : json(200, completion, stall));
        }
        ObjectNode response = factory.response(turn, parsed, c.callSuffix);
        remember(c, url, parsed, response);
        stored.remember(parsed, response, connection);
        return journalled(c, entry, stream ? sse(factory.events(response), stall) : json(200, response, stall));
    }

    /** The first {@code n} events of a stream, ended without its terminal event. */
    private Answer cut(List<String> events, int n, int stall) {
        return new Answer(200, null, List.copyOf(events.subList(0, Math.min(n, events.size()))), stall, null, true);
    }

    /** Indexes a response the server gave, for routing later requests to its conversation. */
    private void remember(Conv c, String url, JsonNode request, ObjectNode response) {
        Exchange ex = new Exchange("simulator", journal.size(), null, url, 200, Endpoint.RESPONSES, request, response, null);
        routing.register(ex, null);
        c.index.register(ex, null);
        byResponseId.put(response.get("id").asString(), c);
        while (convOfExchange.size() <= journal.size()) convOfExchange.add(null);
        convOfExchange.set(journal.size(), c);
    }

    private Conv newConversation(String key) {
        Conv c = new Conv("c" + (conversations.size() + 1), key, conversations.size());
        conversations.add(c);
        if (key != null) byKey.put(key, c);
        return c;
    }

    private Conv keyed(String key) {
        Conv c = byKey.get(key);
        return c != null ? c : newConversation(key);
    }

    /**
     * The conversation a request belongs to, in the order the scenarios contract gives: an explicit
     * key; {@code previous_response_id}; the newest response one of whose output items it replays
     * (exactly, by an id the server minted or a {@code call_id}; else by text, as the rule catalogue
     * defines replays); the same first user message as a conversation waiting for more; else a new one.
     */
    private Conv route(JsonNode request, String headerKey, boolean chat, String url) {
        String key = headerKey;
        if (key == null || key.isBlank()) {
            JsonNode m = request.path("metadata").get(CONVERSATION_METADATA);
            key = m != null && m.isString() && !m.asString().isBlank() ? m.asString() : null;
        }
        if (key != null) return keyed(key);
        if (!chat) {
            JsonNode prev = request.get("previous_response_id");
            if (prev != null && prev.isString() && byResponseId.containsKey(prev.asString())) return byResponseId.get(prev.asString());
            ResponseRecord exact = routing.newestNamedBy(request);
            if (exact != null && exact.index() < convOfExchange.size() && convOfExchange.get(exact.index()) != null) {
                return convOfExchange.get(exact.index());
            }
        }
        List<String> users = userTexts(request, chat);
        String first = users.isEmpty() ? null : users.get(0);
        if (!chat && request.path("input").isArray()) {
            // replays by text (the rule catalogue's matching): the newest response of the whole server first; the same
            // scripted text is in every conversation, so when that one is not waiting for this client's request, the
            // conversations that began with the same user message are asked, each against its own responses
            Exchange ex = new Exchange("simulator", journal.size(), null, url, null, Endpoint.RESPONSES, request, null, null);
            ResponseRecord r = routing.analyze(ex).newestContinued();
            Conv global = r != null && r.index() < convOfExchange.size() ? convOfExchange.get(r.index()) : null;
            if (global != null && global.turn < scenario.turns() && java.util.Objects.equals(first, global.firstUser)) return global;
            Conv best = null;
            int bestIndex = -1;
            for (Conv c : first == null ? List.<Conv>of() : byFirstUser.getOrDefault(first, List.of())) {
                if (c.turn >= scenario.turns() || c.exchanges.isEmpty()) continue;
                ResponseRecord mine = c.index.analyze(ex).newestContinued();
                if (mine != null && mine.index() > bestIndex) {
                    best = c;
                    bestIndex = mine.index();
                }
            }
            if (best != null) return best;
            if (global != null) return global;
        }
        if (first != null) {
            // a client that resends its user messages and drops the rest: the oldest conversation waiting for it
            for (Conv c : byFirstUser.getOrDefault(first, List.of())) {
                if (c.key != null || c.turn >= scenario.turns()) continue;
                if (c.awaitingRetry ? users.size() >= c.lastUsers : users.size() > c.lastUsers) return c;
            }
        }
        return newConversation(null);
    }

    /** The texts of the request's user messages, in order. */
    private static List<String> userTexts(JsonNode request, boolean chat) {
        List<String> out = new ArrayList<>();
        JsonNode input = request.get(chat ? "messages" : "input");
        if (input == null) return out;
        if (input.isString()) {
            out.add(input.asString());
            return out;
        }
        if (!input.isArray()) return out;
        for (JsonNode item : input) {
            if (item == null || !item.isObject() || !"user".equals(Items.str(item, "role"))) continue;
            String type = Items.str(item, "type");
            if (type != null && !type.equals("message")) continue;
            out.add(Items.textOrInput(item));
        }
        return out;
    }

    /**
     * A response to send.
     *
     * @param stallMs    the delay before the first byte
     * @param retryAfter the {@code retry-after} header, or null
     * @param cut        a stream that ends without its terminal event (the connection is closed)
     */
    private record Answer(int status, ObjectNode json, List<String> events, int stallMs, Integer retryAfter, boolean cut, int no) {
        Answer(int status, ObjectNode json, List<String> events, int stallMs, Integer retryAfter, boolean cut) {
            this(status, json, events, stallMs, retryAfter, cut, 0);
        }

        Answer numbered(int n) {
            return new Answer(status, json, events, stallMs, retryAfter, cut, n);
        }
    }

    private Answer json(int status, ObjectNode body) {
        return new Answer(status, body, null, 0, null, false);
    }

    private Answer json(int status, ObjectNode body, int stall) {
        return new Answer(status, body, null, stall, null, false);
    }

    private Answer sse(List<String> events, int stall) {
        return new Answer(200, null, events, stall, null, false);
    }

    private Answer journalled(Conv c, ObjectNode entry, Answer a) {
        entry.put("status", a.status());
        if (a.events() != null) entry.put("response_sse", String.join("", a.events()));
        else entry.set("response", a.json());
        c.exchanges.add(journal.size());
        journal.add(entry);
        return a.numbered(journal.size());
    }

    /** Serialises an answer (outside the lock: the journal's objects are never changed after they are journalled). */
    private ResponseDefinition definition(Answer a) {
        ResponseDefinitionBuilder b = new ResponseDefinitionBuilder().withStatus(a.status())
                .withHeader("x-request-id", "req_phasecheck_" + a.no());
        if (a.retryAfter() != null) b = b.withHeader("retry-after", String.valueOf(a.retryAfter()));
        if (a.events() == null) {
            b = b.withHeader("Content-Type", "application/json").withBody(json.writeValueAsString(a.json()));
            if (a.stallMs() > 0) b = b.withFixedDelay(a.stallMs());
            return b.build();
        }
        String body = String.join("", a.events());
        int chunks = Math.max(1, a.events().size());
        if (a.cut()) b = b.withHeader("Connection", "close");
        // flushed chunk by chunk (byte-sized, so a chunk may split an event), paced as the scenario says; the
        // initial delay (at least 1 ms) hands the stream to WireMock's asynchronous response threads
        return b.withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withHeader("Cache-Control", "no-cache")
                .withBody(body)
                .withFixedDelay(Math.max(1, a.stallMs()))
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
        if (m.problem() != null) {
            Conv c = newConversation(null);
            entry.put("conversation", c.id);
            entry.put("transport", "websocket");
            entry.put("connection", connection);
            String shown = message.isString() ? message.asString() : json.writeValueAsString(message);
            entry.put("request", shown.length() > 2000 ? shown.substring(0, 2000) : shown);
            return toTurn(journalled(c, entry, json(400, factory.error(m.problem(), "type", m.code()))), null);
        }
        ObjectNode body = m.body();
        if (body.path("generate").isBoolean() && !body.get("generate").asBoolean()) {
            // a prewarm (the Codex CLI's first message): a response with no output, not a turn of the scenario
            ObjectNode warm = factory.response(0, body, "");
            warm.putArray("output");
            stored.remember(body, warm, connection);
            return Turn.ofSse(factory.events(warm), 0);
        }
        // the same routing, turns, faults and stored state as over HTTP
        Answer a = turn(body, null, false, path, entry, connection);
        return toTurn(a, entry.has("fault") ? entry.get("fault").asString() : null);
    }

    /** The WebSocket form of an answer: its events as messages, or an error event. */
    private Turn toTurn(Answer a, String fault) {
        if (a.events() == null) {
            Turn t = Turn.error(a.status(), a.json());
            return fault == null ? t : t.withFault(fault);
        }
        Turn t = Turn.ofSse(a.events(), scenario.eventDelayMs());
        if (a.stallMs() > 0) t = t.withStallMs(a.stallMs());
        if (a.cut()) return t.withDisconnectAfterEvents(a.events().size(), fault == null ? "disconnect_after_events" : fault);
        return fault == null ? t : t.withFault(fault);
    }

    /** The WireMock extension of this instance (not shared: each server has its own). */
    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            // the answer is decided and journalled under the lock; its bytes are written outside it
            return definition(answer(serveEvent.getRequest()));
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
