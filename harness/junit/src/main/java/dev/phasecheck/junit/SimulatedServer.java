package dev.phasecheck.junit;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.server.Simulator;
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
    private final String name;

    SimulatedServer(Simulator simulator, Linter linter, int firstExchange, String name) {
        this.simulator = simulator;
        this.linter = linter;
        this.firstExchange = firstExchange;
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

    /** The environment {@code phasecheck run} gives a client. */
    public Map<String, String> environment() {
        return simulator.environment();
    }

    /** The scenario's id. */
    public String scenario() {
        return simulator.scenario().id();
    }

    /** Exchanges received during this test. */
    public int exchanges() {
        return simulator.exchanges() - firstExchange;
    }

    /** Lints everything received so far; findings of earlier tests (per-class servers) are left out. */
    public LintResult lint() {
        LintResult all = simulator.lint(linter, name);
        List<Finding> mine = all.findings().stream()
                .filter(f -> f.index() == null ? firstExchange == 0 : f.index() >= firstExchange).toList();
        return new LintResult(all.files(), mine);
    }

    /** The findings so far. */
    public List<Finding> findings() {
        return lint().findings();
    }

    Simulator simulator() {
        return simulator;
    }

    int firstExchange() {
        return firstExchange;
    }
}
