package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Recordings (transcript-format §3a/§3b): bad input located at its interaction, never a crash; GET and compact replayable. */
class RecordingsTest {
    @TempDir
    Path dir;

    private final Linter linter = new Linter();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static final String URL = "https://api.openai.com/v1/responses";
    /** Turn 1 of ReplayTest: its request and response bodies. */
    static final String REQ1 = part(ReplayTest.T1, "request");
    static final String RESP1 = part(ReplayTest.T1, "response");
    /** Turn 2, replaying msg_1 without its phase (and msg_2 verbatim). */
    static final String REQ2_DROPS = part(ReplayTest.turn2Line(ReplayTest.M1.replace(",\"phase\":\"commentary\"", "")
            + "," + ReplayTest.M2), "request");

    static String part(String line, String field) {
        return JSON.readTree(line).get(field).toString();
    }

    /** A YAML single-quoted scalar. */
    static String q(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String b64(byte[] b) {
        return Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(b).replace("\n", "\n        ");
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** One vcrpy interaction; {@code responseBody} is the YAML under {@code body:} (null: no response). */
    static String vcrpy(String method, String uri, String requestBody, String responseBody, String encoding) {
        String s = "- request:\n    body: " + (requestBody == null ? "null" : q(requestBody)) + "\n    headers:\n      Content-Type:\n      - application/json\n"
                + "    method: " + method + "\n    uri: " + uri + "\n";
        if (responseBody == null) return s;
        return s + "  response:\n    body:\n      " + responseBody + "\n    headers:\n      Content-Type:\n      - application/json\n"
                + (encoding == null ? "" : "      Content-Encoding:\n      - " + encoding + "\n")
                + "    status:\n      code: 200\n      message: OK\n";
    }

    static String text(String json) {
        return "string: " + q(json);
    }

    static String cassette(String... interactions) {
        return "interactions:\n" + String.join("", interactions) + "version: 1\n";
    }

    private Path write(String name, String text) throws IOException {
        return Lint.write(dir, name, text);
    }

    private LintResult lint(Path p) {
        return Lint.file(linter, p);
    }

    /** "rule@index/interaction:pointer" for every finding. */
    static List<String> rows(LintResult r) {
        return r.findings().stream().map(f -> f.rule() + "@" + f.index() + "/" + f.interaction() + ":" + f.pointer()).toList();
    }

    @Test
    void gzipBinaryBodiesDecodeAndInteractionsThatAreNotExchangesAreSkipped() throws IOException {
        String yaml = cassette(
                vcrpy("GET", "https://api.openai.com/v1/models", null, text("{\"data\":[]}"), null),
                vcrpy("POST", URL, REQ1, "string: !!binary |\n        " + b64(gzip(RESP1)), "gzip"),
                vcrpy("POST", "https://api.openai.com/v1/embeddings", "{\"input\":\"x\"}", text("{}"), null),
                vcrpy("POST", URL, REQ2_DROPS, text(RESP1.replace("resp_1", "resp_2")), null));
        LintResult r = lint(write("c.yaml", yaml));
        assertEquals(List.of("phase-dropped@1/3:/request/input/1"), rows(r));
        assertEquals(2, r.exchanges(), "GET /models and POST /embeddings are no exchanges, counted nowhere");
        assertEquals(1, r.findings().get(0).related().get(0).interaction());
    }

    @Test
    void aBodyThatWillNotDecodeIsLocatedAndTheRestOfTheCassetteIsRead() throws IOException {
        String yaml = cassette(
                vcrpy("POST", URL, REQ1, text(RESP1), null),
                vcrpy("POST", URL, REQ1, "string: !!binary |\n        " + b64(new byte[] {1, 2, 3, 4, 5, (byte) 0xff}), "gzip"),
                vcrpy("POST", URL, REQ1, "string: !!binary |\n        " + b64(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0x58}), "zstd"),
                vcrpy("POST", URL, REQ2_DROPS, text("{\"id\":\"resp_2\",\"output\":[]}"), null));
        LintResult r = lint(write("c.yml", yaml));
        List<String> rows = rows(r);
        assertEquals(List.of("transcript-unreadable@1/1:/response", "transcript-unreadable@2/2:/response",
                "phase-dropped@3/3:/request/input/1"), rows);
        assertTrue(r.findings().get(0).message().contains("gzip"), r.findings().get(0).message());
        assertTrue(r.findings().get(1).message().contains("cannot decode: \"zstd\""), r.findings().get(1).message());
        assertTrue(r.findings().get(0).message().startsWith("interaction 1:"), r.findings().get(0).message());
    }

    @Test
    void yamlThatWillNotParseIsLocatedAndTheInteractionsBeforeItAreChecked() throws IOException {
        String yaml = "interactions:\n" + vcrpy("POST", URL, REQ1, text(RESP1), null)
                + vcrpy("POST", URL, REQ2_DROPS, text("{}"), null)
                + "- request: {body: 'unclosed\n  method: [POST\n";
        LintResult r = lint(write("c.yaml", yaml));
        assertEquals(List.of("transcript-unreadable@null/2:", "phase-dropped@1/1:/request/input/1"), rows(r));
        String msg = r.findings().get(0).message();
        assertTrue(msg.contains("will not parse at interaction 2") && msg.contains("line"), msg);
    }

    @Test
    void anInteractionWithoutAResponseIsAFindingAndItsRequestIsStillChecked() throws IOException {
        String badRequest = "{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"x\",\"phase\":\"commentary\"}]}";
        LintResult r = lint(write("c.yaml", cassette(vcrpy("POST", URL, badRequest, null, null))));
        assertEquals(List.of("nothing-checked@null/null:", "phase-role@0/0:/request/input/0/phase", "transcript-unreadable@0/0:/response"), rows(r));
        assertEquals(0, r.unreadable(), "the exchange was read; only its response is missing");
        assertTrue(r.findings().get(2).message().contains("has no response"), r.findings().get(2).message());
    }

    @Test
    void aPostWithoutARequestBodyTakesItsPosition() throws IOException {
        LintResult r = lint(write("c.yaml", cassette(vcrpy("POST", URL, null, text(RESP1), null),
                vcrpy("POST", URL, REQ2_DROPS, text("{}"), null))));
        assertEquals(List.of("nothing-checked@null/null:", "transcript-unreadable@0/0:/request"), rows(r));
        assertEquals(2, r.exchanges());
        assertEquals(1, r.unreadable());
    }

    @Test
    void aYamlFileThatIsNoCassetteIsSkippedInAWalkAndAFindingWhenNamed() throws Exception {
        Path traffic = dir.resolve("tests");
        Files.createDirectories(traffic.resolve("cassettes"));
        Files.writeString(traffic.resolve("phasecheck.yaml"), "rules:\n  history-gap: error\n");
        Files.writeString(traffic.resolve("cassettes/test_a.yaml"), cassette(vcrpy("POST", URL, REQ1, text(RESP1), null)));
        Files.writeString(traffic.resolve("cassettes/TestB"), "httprr trace v1\n");
        Files.writeString(traffic.resolve("cassettes/notes.txt"), "interactions are fun\n");
        Files.writeString(traffic.resolve("cassettes/ruby.json"), "{\"http_interactions\":[],\"recorded_with\":\"VCR 6.3.1\"}");
        List<TranscriptInput> inputs = TranscriptInput.expand(List.of(traffic.toString()), System.in);
        assertEquals(List.of("cassettes/TestB", "cassettes/ruby.json", "cassettes/test_a.yaml"), inputs.stream()
                .map(i -> i.displayName().substring(traffic.toString().length() + 1)).toList());
        LintResult named = lint(traffic.resolve("phasecheck.yaml"));
        assertEquals(List.of("transcript-unreadable@null/null:"), rows(named));
        assertTrue(named.findings().get(0).message().contains("not a recording phasecheck reads"),
                named.findings().get(0).message());
    }

    @Test
    void noTypeIsConstructedAndAliasBombsAreRefused() throws IOException {
        String evil = "interactions:\n- request:\n    body: !!python/object/apply:os.system ['touch " + dir.resolve("pwned") + "']\n"
                + "    method: POST\n    uri: " + URL + "\n  response:\n    body: {string: !!python/object:__main__.X '{}'}\n"
                + "    status: {code: 200}\n";
        LintResult r = lint(write("evil.yaml", evil));
        assertEquals(List.of("nothing-checked@null/null:", "transcript-unreadable@0/0:/request"), rows(r));
        assertTrue(r.findings().get(1).message().contains("must be a string or !!binary, found an array"), r.findings().get(1).message());
        assertTrue(Files.notExists(dir.resolve("pwned")));

        // the billion laughs, inside an interaction: 10^12 strings if expanded
        StringBuilder bomb = new StringBuilder("interactions:\n- request:\n    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("    a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 10; k++) bomb.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            bomb.append("]\n");
        }
        bomb.append("    method: POST\n    uri: ").append(URL).append("\n    body: *a11\n");
        long t0 = System.nanoTime();
        LintResult b = lint(write("bomb.yaml", bomb.toString()));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "refused quickly");
        assertEquals(1, b.findings().size(), rows(b).toString());
        assertTrue(b.findings().get(0).message().contains("aliases expand to over 1000000 nodes"), b.findings().get(0).message());
    }

    @Test
    void pyyamlAnchorsOnSharedHeadersResolve() throws IOException {
        String yaml = "interactions:\n- request:\n    body: " + q(REQ1) + "\n    headers: &h\n      Content-Type: &ct\n      - application/json\n"
                + "    method: POST\n    uri: " + URL + "\n  response:\n    body:\n      string: !!binary |\n        " + b64(gzip(RESP1))
                + "\n    headers:\n      Content-Type: *ct\n      Content-Encoding:\n      - gzip\n    status: {code: 200, message: OK}\n"
                + "- request:\n    body: " + q(REQ2_DROPS) + "\n    headers: *h\n    method: POST\n    uri: " + URL + "\n";
        LintResult r = lint(write("c.yaml", yaml));
        assertEquals(List.of("phase-dropped@1/1:/request/input/1", "transcript-unreadable@1/1:/response"), rows(r));
    }

    @Test
    void retrievalOfAStoredResponseIsAnExchangeWhoseOutputCanBeReplayed() throws IOException {
        String queued = "{\"id\":\"resp_1\",\"object\":\"response\",\"model\":\"gpt-5.4\",\"status\":\"queued\",\"background\":true,\"output\":[]}";
        String bgRequest = REQ1.replace("{\"model\"", "{\"background\":true,\"model\"");
        String yaml = cassette(
                vcrpy("POST", URL, bgRequest, text(queued), null),
                vcrpy("GET", URL + "/resp_1", null, text(RESP1), null),
                vcrpy("POST", URL, REQ2_DROPS, text("{}"), null));
        LintResult r = lint(write("bg.yaml", yaml));
        assertEquals(List.of("phase-dropped@2/2:/request/input/1"), rows(r));
        Related other = r.findings().get(0).related().get(0);
        assertEquals(1, other.index(), "the other side is the GET");
        assertEquals(1, other.interaction());

        // the same in a HAR: the GET entry has no postData
        String har = "{\"log\":{\"entries\":["
                + ReadersTest.harEntry("2026-11-29T10:00:00Z", "POST", URL, bgRequest, queued, "application/json", false) + ","
                + ReadersTest.harEntry("2026-11-29T10:00:09Z", "GET", URL + "/resp_1?include=x", null, RESP1, "application/json", false) + ","
                + ReadersTest.harEntry("2026-11-29T10:00:10Z", "GET", URL + "/resp_1/input_items", null, "{\"data\":[]}", "application/json", false) + ","
                + ReadersTest.harEntry("2026-11-29T10:00:11Z", "POST", URL, REQ2_DROPS, "{}", "application/json", false) + "]}}";
        LintResult h = lint(write("bg.har", har));
        assertEquals(List.of("phase-dropped@2/null:/request/input/1"), rows(h));
        assertEquals(1, h.findings().get(0).related().get(0).index());
        assertEquals(3, h.exchanges(), "GET …/input_items is not an exchange");
    }

    @Test
    void compactedOutputItemsAreEarlierOutputItems() throws IOException {
        String compacted = "{\"id\":\"cmp_1\",\"object\":\"response.compaction\",\"output\":[{\"id\":\"msg_0\",\"type\":\"message\",\"role\":\"user\","
                + "\"status\":\"completed\",\"content\":[{\"type\":\"input_text\",\"text\":\"Refactor the auth module\"}]},"
                + ReplayTest.M1 + ",{\"id\":\"cmp_i\",\"type\":\"compaction\",\"encrypted_content\":\"gAAAA\"}],\"usage\":{}}";
        String compactRequest = "{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"Refactor the auth module\"}]}";
        String next = "{\"model\":\"gpt-5.4\",\"input\":[" + ReplayTest.M1.replace(",\"phase\":\"commentary\"", "")
                + ",{\"role\":\"user\",\"content\":\"go on\"}]}";
        LintResult r = lint(write("c.yaml", cassette(vcrpy("POST", URL + "/compact", compactRequest, text(compacted), null),
                vcrpy("POST", URL, next, text("{}"), null))));
        assertEquals(List.of("phase-dropped@1/1:/request/input/0"), rows(r));
        assertEquals("/response/output/1", r.findings().get(0).related().get(0).pointer());
    }

    @Test
    void pydanticParsedBodyAndRubyBinaryAndBase64Bodies() throws IOException {
        String pyd = "interactions:\n- request:\n    method: POST\n    parsed_body:\n      model: gpt-5.4\n      input:\n      - role: user\n"
                + "        content: hi\n        phase: commentary\n    uri: " + URL + "\n  response:\n    parsed_body:\n      id: resp_1\n"
                + "      output: []\n    status:\n      code: 200\n      message: OK\nversion: 1\n";
        assertEquals(List.of("nothing-checked@null/null:", "phase-role@0/0:/request/input/0/phase"), rows(lint(write("p.yaml", pyd))));

        String ruby = "---\nhttp_interactions:\n- request:\n    method: post\n    uri: " + URL + "\n    body:\n      encoding: UTF-8\n"
                + "      string: " + q(REQ1) + "\n  response:\n    status:\n      code: 200\n      message: OK\n    headers:\n"
                + "      Content-Encoding:\n      - gzip\n    body:\n      encoding: ASCII-8BIT\n      string: !binary |-\n        "
                + b64(gzip(RESP1)) + "\n  recorded_at: Mon, 01 Dec 2026 09:13:21 GMT\n- request:\n    method: post\n    uri: " + URL
                + "\n    body:\n      encoding: UTF-8\n      base64_string: |\n        " + b64(REQ2_DROPS.getBytes(StandardCharsets.UTF_8))
                + "\n  response:\n    status:\n      code: 200\n    body:\n      encoding: UTF-8\n      base64_string: '%%%'\n"
                + "recorded_with: VCR 6.3.1\n";
        LintResult r = lint(write("ruby.yml", ruby));
        assertEquals(List.of("phase-dropped@1/1:/request/input/1", "transcript-unreadable@1/1:/response"), rows(r),
                () -> messages(r));
    }

    @Test
    void vcrpyJsonAndExtensionlessCassettesAreRecognisedByContent() throws IOException {
        String json = "{\"interactions\": [{\"request\": {\"body\": " + JSON.writeValueAsString(REQ1) + ", \"method\": \"POST\", \"uri\": \""
                + URL + "\"}, \"response\": {\"body\": {\"string\": " + JSON.writeValueAsString(RESP1) + "}, \"status\": {\"code\": 200}}},"
                + "{\"request\": {\"body\": " + JSON.writeValueAsString(REQ2_DROPS) + ", \"method\": \"POST\", \"uri\": \"" + URL
                + "\"}, \"response\": {\"body\": {\"string\": \"{}\"}, \"status\": {\"code\": 200}}}], \"version\": 1}";
        assertEquals(List.of("phase-dropped@1/1:/request/input/1"), rows(lint(write("c.json", json))));
        String yaml = cassette(vcrpy("POST", URL, REQ1, text(RESP1), null), vcrpy("POST", URL, REQ2_DROPS, text("{}"), null));
        assertEquals(List.of("phase-dropped@1/1:/request/input/1"), rows(lint(write("test_agent", yaml))));
    }

    static String httprrRecord(String req, byte[] resp) {
        return req.length() + " " + resp.length + "\n" + req + new String(resp, StandardCharsets.ISO_8859_1);
    }

    @Test
    void httprrBadRecordsAreLocated() throws IOException {
        String req1 = "POST " + URL + " HTTP/1.1\r\nHost: api.openai.com\r\nContent-Length: " + REQ1.length() + "\r\n\r\n" + REQ1;
        byte[] resp1 = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + RESP1.length() + "\r\n\r\n" + RESP1)
                .getBytes(StandardCharsets.UTF_8);
        String req2 = "POST /v1/responses HTTP/1.1\r\nHost: api.openai.com\r\nContent-Length: " + REQ2_DROPS.length() + "\r\n\r\n" + REQ2_DROPS;
        byte[] badChunks = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        String trace = "httprr trace v1\n" + httprrRecord(req1, resp1) + httprrRecord(req2, badChunks) + "12 x\nrest";
        Path p = dir.resolve("TestX.httprr");
        Files.write(p, trace.getBytes(StandardCharsets.ISO_8859_1));
        LintResult r = lint(p);
        assertEquals(List.of("transcript-unreadable@null/2:", "phase-dropped@1/1:/request/input/1",
                "transcript-unreadable@1/1:/response"), rows(r));
        assertTrue(r.findings().get(0).message().contains("corrupt httprr trace"), r.findings().get(0).message());
        assertTrue(r.findings().get(2).message().contains("chunk size"), r.findings().get(2).message());

        Files.write(p, ("httprr trace v1\n" + httprrRecord(req1, resp1) + "900 900\nshort").getBytes(StandardCharsets.ISO_8859_1));
        LintResult t = lint(p);
        assertEquals(List.of("transcript-unreadable@null/1:", "nothing-checked@null/null:").subList(0, 1), rows(t).subList(0, 1));
        assertTrue(t.findings().get(0).message().contains("truncated"), t.findings().get(0).message());
    }

    @Test
    void aHundredMegabyteCassetteStreams() throws IOException {
        Path p = dir.resolve("big.yaml");
        String body = "string: " + q(RESP1.replace("{\"id\":\"resp_1\"", "{\"metadata\":{\"note\":\"" + "x".repeat(20_000) + "\"},\"id\":\"resp_1\""));
        String one = vcrpy("POST", URL, REQ1, body, null);
        int n = 0;
        try (Writer w = Files.newBufferedWriter(p)) {
            w.write("interactions:\n");
            long size = 0;
            while (size < 100L * 1024 * 1024) {
                w.write(one);
                size += one.length();
                n++;
            }
            w.write(vcrpy("POST", URL, REQ2_DROPS, text("{}"), null));
        }
        LintResult r = lint(p);
        assertEquals(n + 1, r.exchanges());
        assertEquals(List.of("phase-dropped@" + n + "/" + n + ":/request/input/1"), rows(r));
    }

    @Test
    void findingsOfOtherTranscriptsHaveNoInteraction() {
        LintResult r = Lint.jsonl(ReplayTest.T1 + REQ2_LINE);
        assertNull(r.findings().get(0).interaction());
        assertNull(r.findings().get(0).related().get(0).interaction());
    }

    static String messages(LintResult r) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : r.findings()) sb.append(f.rule()).append(": ").append(f.message()).append('\n');
        return sb.toString();
    }

    static final String REQ2_LINE = "{\"url\":\"/v1/responses\",\"request\":" + REQ2_DROPS + "}\n";

    static JsonNode tree(String s) {
        return JSON.readTree(s);
    }
}
