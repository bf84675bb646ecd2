package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format, and every kind of bad input: a finding with its location, never an exception. */
class ReadersTest {
    @TempDir
    Path dir;

    private final Linter linter = new Linter();

    static final String REPLAY = ReplayTest.turn2Line(ReplayTest.M1 + "," + ReplayTest.M2);

    private Path write(String name, String text) throws IOException {
        return Lint.write(dir, name, text);
    }

    private LintResult lint(Path p) {
        return Lint.file(linter, p);
    }

    @Test
    void badLinesKeepTheirIndexAndTheRestIsChecked() throws IOException {
        Path p = write("t.jsonl", ReplayTest.T1 + "not json at all\n\n[1,2]\n{\"response\":{}}\n"
                + REPLAY.replace("\"commentary\"", "\"final_answer\""));
        LintResult r = lint(p);
        assertEquals(List.of("transcript-unreadable/error@1:", "transcript-unreadable/error@2:",
                "transcript-unreadable/error@3:", "phase-altered/error@4:/request/input/1/phase"), Lint.all(r));
        assertEquals(List.of(2, 4, 5, 6), r.findings().stream().map(Finding::line).toList(), "blank line 3 is skipped");
        assertEquals(5, r.exchanges(), "5 positions read (blank lines are none)");
        assertEquals(3, r.unreadable());
    }

    @Test
    void crlfBomAndNoFinalNewline() throws IOException {
        String text = "\uFEFF" + ReplayTest.T1.strip() + "\r\n" + REPLAY.strip();
        LintResult r = lint(write("t.jsonl", text));
        assertEquals(List.of(), Lint.all(r));
        assertEquals(2, r.exchanges());
    }

    @Test
    void deepNestingIsUnreadableNotAStackOverflow() throws IOException {
        String deep = "{\"request\":{\"model\":\"gpt-5.4\",\"input\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}}\n";
        LintResult r = lint(write("t.jsonl", ReplayTest.T1 + deep + REPLAY));
        assertEquals(List.of("transcript-unreadable/error@1:"), Lint.all(r));
        assertTrue(r.findings().get(0).message().contains("nesting"), r.findings().get(0).message());
        assertEquals(3, r.exchanges());
    }

    @Test
    void aFiftyMegabyteStringIsRead() throws IOException {
        Path p = dir.resolve("big.jsonl");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(ReplayTest.T1.getBytes(StandardCharsets.UTF_8));
            out.write("{\"request\":{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50; i++) out.write(chunk);
            out.write("\"}]}}\n".getBytes(StandardCharsets.UTF_8));
            out.write(REPLAY.getBytes(StandardCharsets.UTF_8));
        }
        LintResult r = lint(p);
        assertEquals(List.of(), Lint.all(r));
        assertEquals(3, r.exchanges());
    }

    @Test
    void aBinaryFileIsOneFinding() throws IOException {
        Path p = dir.resolve("blob.jsonl");
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31);
        Files.write(p, bytes);
        LintResult r = lint(p);
        assertEquals(List.of("transcript-unreadable/error@null:"), Lint.all(r));
        assertTrue(r.findings().get(0).message().contains("binary"));
    }

    @Test
    void emptyFileIsNothingChecked() throws IOException {
        LintResult r = lint(write("empty.jsonl", ""));
        assertEquals(List.of("nothing-checked/info@null:"), Lint.all(r));
        assertEquals(0, r.exchanges());
        assertEquals(List.of("nothing-checked/info@null:"), Lint.all(lint(write("blank.jsonl", "\n\n  \n"))));
    }

    @Test
    void jsonFormsArrayObjectAndExchangesWrapper() throws IOException {
        String t1 = ReplayTest.T1.strip();
        String t2 = REPLAY.strip().replace("\"commentary\"", "\"final_answer\"");
        String expected = "phase-altered/error@1:/request/input/1/phase";
        assertEquals(List.of(expected), Lint.all(lint(write("a.json", "[" + t1 + ",\n" + t2 + "]"))));
        assertEquals(List.of(expected), Lint.all(lint(write("b.json", "{\"exchanges\":[" + t1 + "," + t2 + "]}"))));
        assertEquals(List.of("nothing-checked/info@null:"), Lint.all(lint(write("c.json", t1))));
        // an array element that is not an object keeps its index; JSON has no line numbers
        LintResult r = lint(write("d.json", "[" + t1 + ", \"oops\", " + t2 + "]"));
        assertEquals(List.of("transcript-unreadable/error@1:", "phase-altered/error@2:/request/input/1/phase"), Lint.all(r));
        assertEquals(null, r.findings().get(0).line());
        // a syntax error stops that file, after reporting where
        LintResult broken = lint(write("e.json", "[" + t1 + ", {\"request\": "));
        assertTrue(Lint.all(broken).contains("transcript-unreadable/error@1:"), Lint.all(broken).toString());
    }

    static String harEntry(String time, String method, String url, String request, String responseText, String mime,
                           boolean base64) {
        String text = base64 ? Base64.getEncoder().encodeToString(responseText.getBytes(StandardCharsets.UTF_8)) : responseText;
        return "{\"startedDateTime\":\"" + time + "\",\"request\":{\"method\":\"" + method + "\",\"url\":\"" + url + "\","
                + "\"headers\":[{\"name\":\"Authorization\",\"value\":\"Bearer sk-test\"}]"
                + (request == null ? "" : ",\"postData\":{\"mimeType\":\"application/json\",\"text\":" + quote(request) + "}")
                + "},\"response\":{\"status\":200,\"content\":{\"mimeType\":\"" + mime + "\",\"text\":" + quote(text)
                + (base64 ? ",\"encoding\":\"base64\"" : "") + "}}}";
    }

    static String quote(String s) {
        return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(s).toString();
    }

    @Test
    void harEntriesAreOrderedByStartTimeAndNonApiEntriesSkipped() throws IOException {
        String req1 = "{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"Refactor the auth module\"}]}";
        String resp1 = ReplayTest.T1.substring(ReplayTest.T1.indexOf("\"response\":") + 11, ReplayTest.T1.lastIndexOf('}'));
        String req2 = REPLAY.substring(REPLAY.indexOf("\"request\":") + 10, REPLAY.lastIndexOf('}'))
                .replace(",\"phase\":\"commentary\"", "");
        String har = "{\"log\":{\"version\":\"1.2\",\"entries\":["
                + harEntry("2026-11-29T10:00:05.000Z", "POST", "https://api.openai.com/v1/responses", req2, "{}", "application/json", false) + ","
                + harEntry("2026-11-29T10:00:00.000Z", "GET", "https://example.com/index.html", null, "<html></html>", "text/html", false) + ","
                + harEntry("2026-11-29T10:00:01.000+00:00", "POST", "https://api.openai.com/v1/responses?x=1", req1, resp1, "application/json", true)
                + "]}}";
        LintResult r = lint(write("cap.har", har));
        assertEquals(List.of("phase-dropped/error@1:/request/input/1"), Lint.all(r));
        assertEquals(2, r.exchanges(), "the GET entry is not an exchange");
    }

    @Test
    void harStreamedBodyIsAssembled() throws IOException {
        String sse = "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":0,\"output_index\":0,\"item\":"
                + ReplayTest.M1 + "}\n\nevent: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":1,\"response\":{\"id\":\"resp_1\",\"model\":\"gpt-5.4\",\"output\":["
                + ReplayTest.M1 + "]}}\n\n";
        String req1 = "{\"model\":\"gpt-5.4\",\"stream\":true,\"input\":\"hi\"}";
        String req2 = "{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + ReplayTest.M1.replace("\"commentary\"", "null") + "]}";
        String har = "{\"log\":{\"entries\":[" + harEntry("2026-11-29T10:00:00Z", "POST", "http://localhost/v1/responses", req1, sse, "text/event-stream; charset=utf-8", true)
                + "," + harEntry("2026-11-29T10:00:01Z", "POST", "http://localhost/v1/responses", req2, "{}", "application/json", false) + "]}}";
        LintResult r = lint(write("s.har", har));
        assertEquals(List.of("phase-dropped/error@1:/request/input/1"), Lint.all(r));
        assertEquals("/response_sse/1/response/output/0", r.findings().get(0).related().get(0).pointer());
    }

    @Test
    void harWithoutEntriesAndHarThatIsNotJson() throws IOException {
        assertEquals(List.of("transcript-unreadable/error@null:/log/entries"), Lint.all(lint(write("a.har", "{\"log\":{}}"))));
        assertEquals(List.of("transcript-unreadable/error@null:"), Lint.all(lint(write("b.har", "{\"log\": ["))));
        // a HAR saved as .json is read as a HAR
        assertEquals(List.of("transcript-unreadable/error@null:/log/entries"), Lint.all(lint(write("c.json", "{\"log\":{\"pages\":[]}}"))));
    }

    @Test
    void sseProblemsAreLocatedAndTheRequestIsStillChecked() throws IOException {
        String sse = "event: response.created\\ndata: {\\\"type\\\":\\\"response.created\\\",\\\"sequence_number\\\":0}\\n\\n"
                + "event: response.output_text.delta\\ndata: {oops\\n\\n";
        String line = "{\"request\":{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"x\",\"phase\":\"commentary\"}]},\"response_sse\":\"" + sse + "\"}\n";
        LintResult r = lint(write("t.jsonl", line));
        assertEquals(List.of("phase-role/error@0:/request/input/0/phase", "transcript-unreadable/error@0:/response_sse",
                "transcript-unreadable/error@0:/response_sse/1"), Lint.all(r).stream().filter(s -> !s.startsWith("nothing")).sorted().toList());
    }

    @Test
    void chatStreamDoneSentinelIsNotAnError() throws IOException {
        String sse = "data: {\\\"object\\\":\\\"chat.completion.chunk\\\",\\\"choices\\\":[{\\\"delta\\\":{\\\"content\\\":\\\"hi\\\"}}]}\\n\\ndata: [DONE]\\n\\n";
        String line = "{\"url\":\"/v1/chat/completions\",\"request\":{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]},\"response_sse\":\"" + sse + "\"}\n";
        assertEquals(List.of("nothing-checked/info@null:"), Lint.all(lint(write("t.jsonl", line))));
    }

    @Test
    void exchangeFieldsOfTheWrongTypeAreLocated() throws IOException {
        String text = "{\"request\":\"a string\"}\n{\"request\":{\"input\":\"x\"},\"response\":[1]}\n{\"request\":{\"input\":\"x\"},\"response_sse\":42}\n";
        assertEquals(List.of("transcript-unreadable/error@0:/request", "transcript-unreadable/error@1:/response",
                "transcript-unreadable/error@2:/response_sse"),
                Lint.all(lint(write("t.jsonl", text))).stream().filter(s -> !s.startsWith("nothing")).toList());
    }

    @Test
    void directoriesAreReadRecursivelyInSortedOrderAndMissingPathsAreUsageErrors() throws Exception {
        Files.createDirectories(dir.resolve("traffic/sub"));
        Files.writeString(dir.resolve("traffic/b.jsonl"), ReplayTest.T1 + REPLAY);
        Files.writeString(dir.resolve("traffic/sub/a.json"), "[]");
        Files.writeString(dir.resolve("traffic/notes.txt"), "not a transcript");
        List<TranscriptInput> inputs = TranscriptInput.expand(List.of(dir.resolve("traffic").toString()), System.in);
        assertEquals(List.of("b.jsonl", "sub/a.json"), inputs.stream()
                .map(i -> i.displayName().substring(dir.resolve("traffic").toString().length() + 1)).toList());
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> TranscriptInput.expand(List.of(dir.resolve("nope").toString()), System.in));
        assertTrue(e.getMessage().contains("no such file"));
    }
}
