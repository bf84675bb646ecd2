package dev.phasecheck.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ConformantClientTest {
    static Stream<Arguments> scenarios() {
        return Scenario.BUILT_IN.stream().flatMap(id -> Stream.of(Arguments.of(id, false), Arguments.of(id, true)));
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @MethodSource("scenarios")
    void playsEveryBuiltInScenarioWithNoFinding(String id, boolean stream) throws Exception {
        Scenario s = Scenario.builtIn(id);
        try (Simulator sim = Simulator.start(s)) {
            ConformantClient client = new ConformantClient(sim.openAiBaseUrl(), "sk-test", Duration.ofSeconds(30));
            Conversation c = client.play(Plan.scenario("c-" + id, s.model(), s.turns(), stream), null);
            assertNull(c.problem(), c.problem());
            // a scripted fault (flaky-stream) is answered once and retried: it is journalled, marked, and not a turn
            long faulted = sim.journal().stream().filter(e -> e.has("fault")).count();
            assertEquals(s.turns(), sim.exchanges() - faulted);
            for (JsonNode e : sim.journal()) {
                if (e.has("fault")) continue;
                assertEquals(200, e.get("status").asInt());
                assertEquals("c-" + id, e.path("request").path("metadata").path("phasecheck_conversation").asString());
                assertEquals(stream, e.has("response_sse"));
            }
            LintResult r = sim.lint(new Linter(), id + ".jsonl");
            assertEquals(List.of(), r.findings().stream().map(Finding::message).toList());
            assertTrue(r.exchanges() == s.turns());
        }
    }

    @Test
    void replaysEachOutputItemVerbatimWithItsPhase() throws Exception {
        Scenario s = Scenario.builtIn("tool-loop");
        try (Simulator sim = Simulator.start(s)) {
            Conversation c = new ConformantClient(sim.openAiBaseUrl(), null, Duration.ofSeconds(30))
                    .play(Plan.scenario("k", s.model(), s.turns(), true), null);
            assertNull(c.problem());
            List<JsonNode> journal = sim.journal();
            StreamAssembly first = StreamAssembly.parse(journal.get(0).get("response_sse").asString(), JsonMapper.builder().build());
            JsonNode input = journal.get(1).get("request").get("input");
            // user message, then the first response's items exactly, then the function output
            assertEquals(first.output().get(0), input.get(1));
            assertEquals("commentary", input.get(1).get("phase").asString());
            assertEquals(first.output().get(1), input.get(2));
            assertEquals("function_call_output", input.get(3).get("type").asString());
            assertEquals("call_1", input.get(3).get("call_id").asString());
        }
    }

    /**
     * Several conversations at once. The per-conversation routing of the simulator had not landed in
     * this branch's base, so each conversation gets a Simulator of its own; they all run in parallel.
     */
    @Test
    void severalConversationsInParallel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Simulator> sims = new ArrayList<>();
        try {
            List<Future<Conversation>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Scenario s = Scenario.builtIn(i % 2 == 0 ? "tool-loop" : "chat-follow-up");
                Simulator sim = Simulator.start(s);
                sims.add(sim);
                boolean stream = i % 4 < 2;
                String key = "p" + i;
                runs.add(pool.submit(() -> new ConformantClient(sim.openAiBaseUrl(), null, Duration.ofSeconds(30))
                        .play(Plan.scenario(key, s.model(), s.turns(), stream), null)));
            }
            for (int i = 0; i < runs.size(); i++) {
                Conversation c = runs.get(i).get();
                assertNull(c.problem());
                assertEquals("p" + i, c.key());
                assertEquals(List.of(), sims.get(i).lint(new Linter(), "p" + i).findings());
            }
        } finally {
            pool.shutdownNow();
            sims.forEach(Simulator::close);
        }
    }

    @Test
    void aServerErrorStopsTheConversationAndSaysSo() throws Exception {
        Scenario s = Scenario.builtIn("chat-follow-up");
        try (Simulator sim = Simulator.start(s)) {
            // one request more than the scenario scripts: the simulator's "no more turns" 400
            Conversation c = new ConformantClient(sim.openAiBaseUrl(), null, Duration.ofSeconds(30))
                    .play(Plan.scenario("k", s.model(), s.turns() + 1, false), null);
            assertNotNull(c.problem());
            assertTrue(c.problem().startsWith("request " + (s.turns() + 1) + ": HTTP 400"), c.problem());
        }
    }

    @Test
    void streamAssemblyFollowsTheTranscriptFormat() {
        var json = JsonMapper.builder().build();
        String body = ": OPENROUTER PROCESSING\n\n"
                + "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":0,"
                + "\"item\":{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"phase\":\"commentary\",\"content\":[]}}\n\n"
                + "data:\n\n"
                + "event: response.completed\r\ndata: {\"type\":\"response.completed\",\"response\":{\"output\":[]}}\r\n\r\n"
                + "data: [DONE]\n\n";
        StreamAssembly a = StreamAssembly.parse(body, json);
        assertNull(a.problem());
        assertEquals(1, a.output().size()); // an empty terminal output: the .done items are the state
        assertEquals("commentary", a.output().get(0).get("phase").asString());
        StreamAssembly cut = StreamAssembly.parse("data: {\"type\":\"response.created\"}\n\n", json);
        assertTrue(cut.problem().contains("truncated"));
    }
}
