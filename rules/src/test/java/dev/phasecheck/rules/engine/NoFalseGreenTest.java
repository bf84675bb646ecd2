package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.PhaseModels;
import dev.phasecheck.rules.api.Severity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gate never passes what it could not judge: real traffic shapes that used to crash an
 * exchange or hide a finding, and phasecheck's own failures, which are never the input's.
 */
class NoFalseGreenTest {
    @TempDir
    Path dir;

    private static final String USER = "{\"role\":\"user\",\"content\":\"Refactor the auth module\"}";

    /** One streamed turn 1 (commentary + final answer) in the given SSE text, then turn 2 dropping msg_1's phase. */
    private static String streamedThenDropped(String model, String sse, String replayedId) {
        String t1 = "{\"url\":\"/api/v1/responses\",\"request\":{\"model\":\"" + model + "\",\"stream\":true,\"input\":[" + USER
                + "]},\"response_sse\":" + JsonNodeFactory.instance.stringNode(sse) + "}\n";
        String t2 = "{\"url\":\"/api/v1/responses\",\"request\":{\"model\":\"" + model + "\",\"input\":[" + USER
                + ",{\"id\":\"" + replayedId + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"Looking.\",\"annotations\":[]}]}]}}\n";
        return t1 + t2;
    }

    private static String item(String id, String phase, boolean withPhase) {
        return "{\"id\":\"" + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\""
                + (withPhase ? ",\"phase\":" + (phase == null ? "null" : "\"" + phase + "\"") : "")
                + ",\"content\":[{\"type\":\"output_text\",\"text\":\"Looking.\",\"annotations\":[]}]}";
    }

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    private static String completed(String outputItem) {
        return event("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":9,\"response\":{\"id\":\"resp_1\","
                + "\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-5.4\",\"output\":[" + outputItem + "]}}");
    }

    @Test
    void openRouterStreamEndingInDoneWithCommentsAndEmptyDataStillReportsTheDrop() {
        String sse = ": OPENROUTER PROCESSING\n\n"
                + event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":"
                        + item("msg_1", "commentary", true) + "}")
                + "data:\n\n"
                + ": OPENROUTER PROCESSING\n\n"
                + event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":2,\"output_index\":0,\"item\":"
                        + item("msg_1", "commentary", true) + "}")
                + completed(item("msg_1", "commentary", true))
                + "data: [DONE]\n\n";
        LintResult r = Lint.jsonl(streamedThenDropped("openai/gpt-5.4", sse, "msg_1"));
        assertEquals(List.of("phase-dropped/error@1:/request/input/1"), Lint.all(r));
        assertEquals(0, r.internalErrors());
    }

    @Test
    void dataWithoutEventThatIsNotJsonIsReportedButTheExchangeIsStillChecked() {
        String sse = "data: hello\n\n"
                + event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":2,\"output_index\":0,\"item\":"
                        + item("msg_1", "commentary", true) + "}")
                + completed(item("msg_1", "commentary", true));
        LintResult r = Lint.jsonl(streamedThenDropped("gpt-5.4", sse, "msg_1"));
        assertEquals(List.of("transcript-unreadable/error@0:/response_sse/0", "phase-dropped/error@1:/request/input/1"), Lint.all(r));
        assertTrue(r.findings().get(0).message().startsWith("event data is not JSON"), r.findings().get(0).message());
    }

    @Test
    void rotatedStreamIdsAllCountAsTheItemsIds() {
        // GitHub Copilot rotates ids: added says msg_a, done says msg_b, completed says msg_c
        String sse = event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":"
                        + item("msg_a", "commentary", true) + "}")
                + event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":2,\"output_index\":0,\"item\":"
                        + item("msg_b", "commentary", true) + "}")
                + completed(item("msg_c", "commentary", true));
        for (String id : List.of("msg_a", "msg_b", "msg_c")) {
            LintResult r = Lint.jsonl(streamedThenDropped("gpt-5.4", sse, id));
            assertEquals(List.of("phase-dropped/error@1:/request/input/1"), Lint.all(r), "replayed as " + id);
        }
    }

    @Test
    void aPhaseThatFirstAppearsOnDoneIsNoMismatchButAChangeOrALossIs() {
        String late = event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":"
                        + item("msg_1", null, false) + "}")
                + event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":2,\"output_index\":0,\"item\":"
                        + item("msg_1", "commentary", true) + "}")
                + completed(item("msg_1", "commentary", true));
        assertEquals(List.of(), Lint.all(Lint.jsonl(streamedThenDropped("gpt-5.4", late, "msg_1").lines().findFirst().orElseThrow()))
                .stream().filter(f -> f.startsWith("stream-phase-mismatch")).toList());
        String lost = late.replace(item("msg_1", "commentary", true) + "]}}", item("msg_1", null, true) + "]}}");
        assertEquals(List.of("stream-phase-mismatch/error@0:/response_sse/2/response/output/0/phase"),
                Lint.all(Lint.jsonl(streamedThenDropped("gpt-5.4", lost, "msg_1").lines().findFirst().orElseThrow()))
                        .stream().filter(f -> f.startsWith("stream-phase-mismatch")).toList());
    }

    @Test
    void builtInPatternsAndProviderPrefixesAndSuffixes() {
        PhaseModels pm = new PhaseModels(List.of());
        for (String m : List.of("gpt-5.3-codex", "gpt-5.4", "gpt-5.4-mini", "gpt-5.4-pro", "gpt-5.5", "gpt-5.6", "gpt-5.6-sol",
                "gpt-6", "gpt-6-astra", "openai/gpt-5.4", "azure/gpt-5.4", "openrouter/openai/gpt-5.4", "openai.gpt-5.5",
                "us.openai.gpt-5.5-v1:0", "GPT-5.4-2026-03-05")) {
            assertTrue(pm.isPhaseModel(m), m);
        }
        for (String m : List.of("gpt-4o", "gpt-5", "gpt-5.2", "deepseek-chat", "gpt-5.3")) {
            assertTrue(!pm.isPhaseModel(m), m);
        }
    }

    @Test
    void aModelSeenToUsePhaseIsAPhaseModel() {
        String t = ReplayTest.T1.replace("gpt-5.4", "deepseek-v4") + ReplayTest.turn2Line(
                ReplayTest.M1.replace(",\"phase\":\"commentary\"", "") + "," + ReplayTest.M2).replace("gpt-5.4", "deepseek-v4");
        assertEquals(List.of("phase-dropped/error@1:/request/input/1"), Lint.all(Lint.jsonl(t)));
    }

    @Test
    void aBugInPhasecheckIsAnInternalErrorNotTheInputsProblemAndTheRestIsChecked() {
        ObjectNode exploding = new ObjectNode(JsonNodeFactory.instance) {
            @Override
            public JsonNode get(String name) {
                throw new NullPointerException("boom");
            }
        };
        List<JsonNode> exchanges = List.of(Lint.node(ReplayTest.T1), exploding,
                Lint.node(ReplayTest.turn2Line(ReplayTest.M2)));
        LintResult r = new Linter().lintExchanges("t", exchanges);
        assertEquals(1, r.internalErrors());
        assertEquals(3, r.exchanges());
        Finding f = r.findings().stream().filter(x -> x.rule().equals("internal-error")).findFirst().orElseThrow();
        assertEquals(Severity.ERROR, f.severity());
        assertEquals(1, f.index());
        assertTrue(f.message().contains("phasecheck internal error") && f.message().contains("NullPointerException")
                && f.message().contains("not a problem of the input"), f.message());
        // the third exchange is still checked against the first
        assertTrue(Lint.all(r).contains("message-omitted/error@2:/request/input"), Lint.all(r).toString());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aNamedPipeIsReadOnceAsAStream() throws Exception {
        Path fifo = dir.resolve("traffic"); // no extension: sniffed from the head of the same stream
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        byte[] text = (ReplayTest.T1 + ReplayTest.turn2Line(ReplayTest.M2)).getBytes(StandardCharsets.UTF_8);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(text);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        LintResult r = new Linter().lint(fifo);
        writer.join();
        assertEquals(2, r.exchanges());
        assertEquals(List.of("message-omitted/error@1:/request/input"), Lint.all(r));
    }

    @Test
    void aJsonArrayOnStandardInputIsSniffed() {
        String array = "[" + ReplayTest.T1.strip() + ",\n" + ReplayTest.turn2Line(ReplayTest.M2).strip() + "]";
        LintResult r = new Linter().lintJsonl(new ByteArrayInputStream(array.getBytes(StandardCharsets.UTF_8)), "-");
        assertEquals(2, r.exchanges());
        assertEquals(List.of("message-omitted/error@1:/request/input"), Lint.all(r));
    }

    @Test
    void anUnreadableFolderFoundWhileWalkingIsAFindingAndTheWalkGoesOn() throws Exception {
        Files.writeString(dir.resolve("a.jsonl"), ReplayTest.T1);
        TreeMap<Path, TranscriptInput> found = new TreeMap<>();
        TranscriptInput.Walker walker = new TranscriptInput.Walker(dir, "traffic", found);
        walker.visitFileFailed(dir.resolve("locked"), new AccessDeniedException(dir.resolve("locked").toString()));
        Files.walkFileTree(dir, walker);
        List<TranscriptInput> inputs = List.copyOf(found.values());
        assertEquals(List.of("traffic/a.jsonl", "traffic/locked"), inputs.stream().map(TranscriptInput::displayName).toList());
        LintResult r = new Linter().lint(inputs);
        assertEquals(List.of("nothing-checked/info@null:", "transcript-unreadable/error@null:"), Lint.all(r));
        Finding f = r.findings().get(1);
        assertEquals("traffic/locked", f.file());
        assertTrue(f.message().contains("permission denied"), f.message());
    }

    @Test
    void aLineTooLargeForTheHeapIsOneFindingAndTheNextLinesAreRead() throws Exception {
        StringBuilder huge = new StringBuilder("{\"request\":{\"model\":\"gpt-5.4\",\"input\":\"");
        huge.append("x".repeat(3 << 20)).append("\"}}\n");
        String text = ReplayTest.T1 + huge + ReplayTest.turn2Line(ReplayTest.M2);
        LintResult[] out = new LintResult[1];
        TranscriptRun run = new Linter().start("big.jsonl");
        new dev.phasecheck.rules.read.JsonlReader(new Linter().mapper(), 1 << 20)
                .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "big.jsonl", run);
        out[0] = run.finish();
        assertEquals(3, out[0].exchanges());
        assertEquals(List.of("transcript-unreadable/error@1:", "message-omitted/error@2:/request/input"), Lint.all(out[0]));
        String msg = out[0].findings().get(0).message();
        assertTrue(msg.startsWith("line 2 is too large for the heap: 3 MB") && msg.contains("PHASECHECK_JAVA_OPTS=-Xmx"), msg);
    }

    @Test
    void aStreamOfManyEventsInOneLineIsAssembledFromTheParser() {
        StringBuilder sse = new StringBuilder();
        sse.append(event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":"
                + item("msg_1", "commentary", true) + "}"));
        for (int i = 0; i < 200_000; i++) {
            sse.append("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":")
                    .append(i + 2).append(",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"x\"}\n\n");
        }
        sse.append(completed(item("msg_1", "commentary", true)));
        LintResult r = Lint.jsonl(streamedThenDropped("gpt-5.4", sse.toString(), "msg_1"));
        assertEquals(List.of("phase-dropped/error@1:/request/input/1"), Lint.all(r));
    }
}
