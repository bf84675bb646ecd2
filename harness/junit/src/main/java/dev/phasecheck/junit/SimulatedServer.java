package dev.phasecheck.junit;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.server.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated server a test talks to: where it is, and what phasecheck has found so far. One
 * per test (or per class), injected as a test method parameter.
 */
public final class SimulatedServer {
    private final Simulator simulator;
    private final Linter linter;
    private final int firstExchange;
    private final int firstConversation;
    private final String key;
    private final boolean shared;
    private final String name;

    SimulatedServer(Simulator simulator, Linter linter, int firstExchange, int firstConversation, String key,
                    boolean shared, String name) {
        this.simulator = simulator;
        this.linter = linter;
        this.firstExchange = firstExchange;
        this.firstConversation = firstConversation;
        this.key = key;
        this.shared = shared;
        this.name = name;
    }

    /** The OpenAI-style base URL, ending in {@code /v1}: give it to your client. */
    public String baseUrl() {
        return simulator.openAiBaseUrl();
    }

    /** The OpenRouter-style base URL, ending in {@code /api/v1}. */
    public String openRouterBaseUrl() {
        return simulator.openRouterBaseUrl();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String rootUrl() {
        return simulator.baseUrl();
    }

    /** A dummy API key your client may send. */
    public String apiKey() {
        return simulator.environment().get("OPENAI_API_KEY");
    }

    /** The environment {@code phasecheck run} gives a client, plus {@code PHASECHECK_CONVERSATION}: this test's key. */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.LinkedHashMap<>(simulator.environment());
        env.put("PHASECHECK_CONVERSATION", key);
        return env;
    }

    /** The scenario's id. */
    public String scenario() {
        return simulator.scenario().id();
    }

    /**
     * This test's conversation key. A client that sends it as the header {@link #conversationHeader()}
     * (see {@link #headers()}) or as {@code metadata.phasecheck_conversation} has its requests counted
     * as this test's, whatever other tests send to the same server at the same time. A test that holds
     * several conversations gives each a key of its own that starts with this one and a slash
     * ({@code key() + "/2"}).
     */
    public String key() {
        return key;
    }

    /** {@code X-Phasecheck-Conversation}. */
    public String conversationHeader() {
        return Simulator.CONVERSATION_HEADER;
    }

    /** The header that names this test's conversation, for the client's default headers. */
    public Map<String, String> headers() {
        return Map.of(Simulator.CONVERSATION_HEADER, key);
    }

    /**
     * The conversations of this test: those named by its key (or a key that starts with it and a
     * slash), and those routed without a key that began while this test ran. On a per-class server
     * with tests running in parallel, only keyed conversations are told apart: send {@link #headers()}.
     */
    public List<Simulator.Conversation> conversations() {
        List<Simulator.Conversation> mine = new ArrayList<>();
        List<Simulator.Conversation> all = simulator.conversations();
        for (int i = 0; i < all.size(); i++) {
            if (belongs(all.get(i), i)) mine.add(all.get(i));
        }
        return mine;
    }

    private boolean belongs(Simulator.Conversation c, int position) {
        if (c.key() != null) return c.key().equals(key) || c.key().startsWith(key + "/") || (!shared && position >= firstConversation);
        return position >= firstConversation;
    }

    /** Exchanges received in this test's conversations. */
    public int exchanges() {
        return conversations().stream().mapToInt(c -> c.exchanges().size()).sum();
    }

    /** Lints this test's conversations, each as a transcript of its own; other tests' are left out. */
    public LintResult lint() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Simulator.Conversation c : conversations()) ids.add(c.id());
        return simulator.lint(linter, name, c -> ids.contains(c.id()));
    }

    /** The findings so far. */
    public List<Finding> findings() {
        return lint().findings();
    }

    /** "N conversations served, M completed their script", for this test's conversations. */
    public String conversationSummary() {
        List<Simulator.Conversation> cs = conversations();
        long done = cs.stream().filter(Simulator.Conversation::completed).count();
        return cs.size() + " conversation" + (cs.size() == 1 ? "" : "s") + " served, " + done + " completed "
                + (cs.size() == 1 ? "its" : "their") + " script";
    }

    Simulator simulator() {
        return simulator;
    }

    int firstExchange() {
        return firstExchange;
    }
}
