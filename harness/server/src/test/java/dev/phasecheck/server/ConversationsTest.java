package dev.phasecheck.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.server.ReferenceClient.Fault;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One server, a whole suite: many conversations at once, routed by what they replay, with faults. */
class ConversationsTest {
    private final Linter linter = new Linter();

    /** Conversation id by the first user message it was given. */
    private static Map<String, String> byFirstMessage(Simulator server) {
        Map<String, String> out = new HashMap<>();
        List<JsonNode> journal = server.journal();
        for (Simulator.Conversation c : server.conversations()) {
            JsonNode input = journal.get(c.exchanges().get(0)).path("request").path("input");
            out.put(input.get(0).path("content").asString(), c.id());
        }
        return out;
    }

    private static Set<String> rulesAtWarning(LintResult r, String conversation) {
        return r.findings().stream().filter(f -> conversation.equals(f.conversation()))
                .filter(f -> f.severity().atLeast(Severity.WARNING)).map(Finding::rule)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String show(LintResult r) {
        return r.findings().stream().map(f -> f.conversation() + " #" + f.index() + " " + f.rule() + " " + f.pointer() + ": "
                + f.message()).collect(Collectors.joining("\n"));
    }

    @Test
    void thirtyTwoConversationsSixteenInParallelEachJudgedOnItsOwn() throws Exception {
        Scenario scenario = Scenario.builtIn("chat-follow-up");
        Fault[] faults = new Fault[32];
        java.util.Arrays.fill(faults, Fault.NONE);
        // 8 faulty ones, spread over the suite
        int[] faulty = {1, 5, 9, 13, 17, 21, 25, 29};
        Fault[] kinds = {Fault.DROP_PHASE, Fault.MERGE, Fault.OMIT_COMMENTARY};
        for (int i = 0; i < faulty.length; i++) faults[faulty[i]] = kinds[i % kinds.length];
        try (Simulator server = Simulator.start(scenario)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    // no explicit key: routed by what each request replays
                    new ReferenceClient(server.openAiBaseUrl(), faults[n], n % 2 == 0).firstMessage("Test " + n + ": start the task.")
                            .run(scenario.model(), scenario.turns(), false);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            pool.shutdown();
            List<Simulator.Conversation> cs = server.conversations();
            assertEquals(32, cs.size(), server.conversationSummary());
            assertTrue(cs.stream().allMatch(c -> c.completed() && c.exhausted() == 0 && c.turns() == scenario.turns()),
                    server.conversationSummary());
            assertEquals(32 * scenario.turns(), server.exchanges());
            LintResult r = server.lint(linter, "suite");
            assertTrue(r.findings().stream().noneMatch(f -> f.rule().equals("scenario-exhausted")), show(r));
            Map<String, String> conv = byFirstMessage(server);
            for (int i = 0; i < 32; i++) {
                String c = conv.get("Test " + i + ": start the task.");
                Set<String> expected = SimulatorTest.expected(scenario.id(), faults[i]);
                assertEquals(new TreeSet<>(expected), rulesAtWarning(r, c), "test " + i + " (" + faults[i] + ") in " + c + ":\n" + show(r));
            }
            assertTrue(server.conversationSummary().startsWith("32 conversations served, 32 completed their script"));
        }
    }

    @Test
    void aSequentialSuiteOfTwelveUnderChatFollowUp() throws Exception {
        Scenario scenario = Scenario.builtIn("chat-follow-up");
        try (Simulator server = Simulator.start(scenario)) {
            for (int i = 0; i < 12; i++) {
                // the same prompt in every test: a finished conversation never takes the next test's requests
                new ReferenceClient(server.openAiBaseUrl(), Fault.NONE, i % 3 == 0).run(scenario.model(), scenario.turns(), false);
            }
            assertEquals(12, server.conversations().size(), server.conversationSummary());
            assertTrue(server.conversations().stream().allMatch(Simulator.Conversation::completed));
            LintResult r = server.lint(linter, "suite");
            assertTrue(r.findings().stream().noneMatch(f -> f.severity().atLeast(Severity.WARNING)), show(r));
            assertEquals(12, r.files().size(), "each conversation is a transcript of its own");
        }
    }

    @Test
    void aClientThatKeepsOnlyItsUserMessagesIsStillRouted() throws Exception {
        Scenario scenario = Scenario.builtIn("chat-follow-up");
        try (Simulator server = Simulator.start(scenario)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> done = new ArrayList<>();
            done.add(pool.submit(() -> {
                new ReferenceClient(server.openAiBaseUrl(), Fault.DROP_HISTORY, false).firstMessage("Refactor the auth module")
                        .run(scenario.model(), scenario.turns(), false);
                return null;
            }));
            for (int i = 0; i < 2; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    new ReferenceClient(server.openAiBaseUrl(), Fault.NONE, n == 0).firstMessage("Other test " + n)
                            .run(scenario.model(), scenario.turns(), false);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            pool.shutdown();
            assertEquals(3, server.conversations().size(), server.conversationSummary());
            assertTrue(server.conversations().stream().allMatch(Simulator.Conversation::completed), server.conversationSummary());
            LintResult r = server.lint(linter, "suite");
            Map<String, String> conv = byFirstMessage(server);
            // its own conversation, judged on its own: it kept the user messages of the history and left out the
            // assistant messages between them, which the catalogue names history-gap (no request of it replays or
            // references a response, which message-omitted needs)
            String dropper = conv.get("Refactor the auth module");
            assertEquals(Set.of("history-gap"), rulesAtWarning(r, dropper), show(r));
            assertTrue(r.findings().stream().filter(f -> f.rule().equals("history-gap"))
                    .allMatch(f -> dropper.equals(f.conversation())), show(r));
            assertEquals(Set.of(), rulesAtWarning(r, conv.get("Other test 0")), show(r));
            assertEquals(Set.of(), rulesAtWarning(r, conv.get("Other test 1")), show(r));
            assertTrue(r.findings().stream().noneMatch(f -> f.rule().equals("scenario-exhausted")), show(r));
        }
    }

    @Test
    void flakyStreamAConformantRetryingClientEndsClean() throws Exception {
        Scenario scenario = Scenario.builtIn("flaky-stream");
        for (boolean stream : new boolean[] {true, false}) {
            try (Simulator server = Simulator.start(scenario)) {
                ReferenceClient client = new ReferenceClient(server.openAiBaseUrl(), Fault.NONE, stream);
                client.run(scenario.model(), scenario.turns(), false);
                assertEquals(2, client.retries());
                List<JsonNode> journal = server.journal();
                assertEquals(4, journal.size());
                // the scripted fault, whichever form it took (a JSON request gets a 500 instead of a cut stream)
                assertEquals("disconnect_after_events", journal.get(0).path("fault").asString());
                assertEquals(stream ? 200 : 500, journal.get(0).path("status").asInt());
                if (stream) {
                    String cut = journal.get(0).path("response_sse").asString();
                    String[] events = cut.split("\n\n");
                    assertEquals(10, events.length, cut);
                    assertTrue(events[9].startsWith("event: response.output_item.done\n"), "cut right after the commentary's output_item.done");
                    assertTrue(cut.contains("\"phase\":\"commentary\"") && !cut.contains("response.completed")
                            && !cut.contains("function_call_arguments"), cut);
                }
                assertTrue(journal.get(1).path("fault").isMissingNode());
                assertEquals("status", journal.get(2).path("fault").asString());
                assertEquals(429, journal.get(2).path("status").asInt());
                LintResult r = server.lint(linter, "flaky");
                assertTrue(r.findings().stream().noneMatch(f -> f.severity().atLeast(Severity.WARNING)), show(r));
                assertTrue(r.findings().stream().noneMatch(f -> f.rule().equals("nothing-checked")), show(r));
                assertTrue(server.conversations().get(0).completed());
            }
        }
    }

    @Test
    void flakyStreamAClientThatRebuildsTheCutCommentaryAsTextIsCaught() throws Exception {
        Scenario scenario = Scenario.builtIn("flaky-stream");
        try (Simulator server = Simulator.start(scenario)) {
            new ReferenceClient(server.openAiBaseUrl(), Fault.KEEP_PARTIAL, true).run(scenario.model(), scenario.turns(), false);
            LintResult r = server.lint(linter, "flaky");
            assertEquals(Set.of("phase-dropped"), rulesAtWarning(r, "c1"), show(r));
            assertEquals(1, server.conversations().size());
        }
    }

    @Test
    void faultsInScenarioFilesAreValidated() throws Exception {
        String head = "id: f\nmodel: gpt-5.4\nresponses:\n  - output: [{type: message, phase: final_answer, text: hi}]\n    fault: ";
        Scenario ok = Scenario.parse(head + "{status: 503}\n", "f.yaml");
        assertEquals(503, ok.fault(0).status());
        assertEquals("status", ok.fault(0).kind());
        assertEquals(100, Scenario.parse(head + "{stall_ms: 100}\n", "f.yaml").fault(0).stallMs());
        for (String bad : new String[] {"{status: 418}", "{status: 500, disconnect_after_events: 3}", "{}", "{retry_after: 2}",
                "{disconnect_after_events: -1}", "{sleep: 3}"}) {
            ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                    () -> Scenario.parse(head + bad + "\n", "f.yaml"), bad);
            assertTrue(e.getMessage().startsWith("f.yaml: /responses/0/fault"), bad + ": " + e.getMessage());
        }
    }

    @Test
    void aStalledTurnIsServedLateAndARetryReplacesIt() throws Exception {
        String yaml = "id: stall\nmodel: gpt-5.4\nresponses:\n  - output: [{type: message, phase: final_answer, text: hi}]\n"
                + "    fault: {stall_ms: 1500}\n  - output: [{type: message, phase: final_answer, text: bye}]\n";
        try (Simulator server = Simulator.start(Scenario.parse(yaml, "stall.yaml"))) {
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"go\"}]}";
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/responses"))
                    .timeout(java.time.Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long t0 = System.nanoTime();
            org.junit.jupiter.api.Assertions.assertThrows(java.net.http.HttpTimeoutException.class,
                    () -> http.send(req, HttpResponse.BodyHandlers.ofString()));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 1500, "the client gave up first");
            // the retry (same input) gets the first turn, at once
            HttpResponse<String> retry = http.send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/responses"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(retry.body().contains("\"hi\""), retry.body());
            assertEquals(1, server.conversations().size());
            assertEquals("stall_ms", server.journal().get(0).path("fault").asString());
            LintResult r = server.lint(linter, "stall");
            assertEquals(1, r.exchanges(), "the stalled attempt the client gave up on is not judged");
        }
    }

    @Test
    void sixtyFourSlowStreamsDoNotStarveAPlainRequest() throws Exception {
        Scenario scenario = Scenario.builtIn("tool-loop");
        // 200 ms between events: each stream plays for several seconds, and none of them is read
        try (Simulator server = Simulator.start(scenario, Simulator.Settings.defaults().withEventDelayMs(200))) {
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
            List<CompletableFuture<HttpResponse<InputStream>>> slow = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/responses"))
                        .header(Simulator.CONVERSATION_HEADER, "slow-" + i)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"stream\":true,\"input\":\"go\"}")).build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.exchanges() < 64 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(64, server.exchanges(), "all 64 streams were accepted");
            long t0 = System.nanoTime();
            HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/responses"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"input\":\"plain\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("plain request next to 64 slow unread streams answered in " + ms + " ms");
            assertEquals(200, plain.statusCode());
            assertTrue(ms < 1000, "answered in " + ms + " ms");
            assertEquals(65, server.conversations().size());
            for (CompletableFuture<HttpResponse<InputStream>> f : slow) f.cancel(true);
        }
    }
}
