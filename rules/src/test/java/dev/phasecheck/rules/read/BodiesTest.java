package dev.phasecheck.rules.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The body decoding every recording reader shares, and the YAML bounds. */
class BodiesTest {
    @TempDir
    Path dir;

    static final byte[] JSON = "{\"id\":\"resp_1\",\"output\":[]}".getBytes(StandardCharsets.UTF_8);

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] b, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, d)) {
            z.write(b);
        } finally {
            d.end();
        }
        return out.toByteArray();
    }

    /**
     * A brotli stream written by hand (RFC 7932): WBITS 16, one uncompressed meta-block of the
     * bytes (ISLAST 0, MNIBBLES 4, MLEN-1, ISUNCOMPRESSED 1, padded to a byte), then an empty last
     * meta-block (ISLAST 1, ISLASTEMPTY 1).
     */
    static byte[] brotliStored(byte[] b) {
        int header = ((b.length - 1) << 4) | (1 << 20);
        byte[] out = new byte[3 + b.length + 1];
        out[0] = (byte) header;
        out[1] = (byte) (header >> 8);
        out[2] = (byte) (header >> 16);
        System.arraycopy(b, 0, out, 3, b.length);
        out[out.length - 1] = 0x03;
        return out;
    }

    @Test
    void everyContentEncodingDecodes() throws Exception {
        assertArrayEquals(JSON, Bodies.decode(gzip(JSON), "gzip"));
        assertArrayEquals(JSON, Bodies.decode(deflate(JSON, false), "deflate"));
        assertArrayEquals(JSON, Bodies.decode(deflate(JSON, true), "deflate"), "raw deflate, as some servers send");
        assertArrayEquals(JSON, Bodies.decode(brotliStored(JSON), "br"));
        assertArrayEquals(JSON, Bodies.decode(gzip(deflate(JSON, false)), "deflate, gzip"), "undone from the last");
        assertArrayEquals(JSON, Bodies.decode(JSON, "gzip"), "stored decoded, header kept: left as is");
        assertArrayEquals(JSON, Bodies.decode(JSON, "identity"));
    }

    @Test
    void bodiesThatWillNotDecodeSaySo() {
        byte[] junk = {1, 2, 3, (byte) 0xff, 0, 9};
        assertTrue(assertThrows(Bodies.DecodeException.class, () -> Bodies.decode(junk, "gzip")).getMessage().contains("gzip"));
        assertTrue(assertThrows(Bodies.DecodeException.class, () -> Bodies.decode(junk, "deflate")).getMessage().contains("deflate"));
        assertTrue(assertThrows(Bodies.DecodeException.class, () -> Bodies.decode(junk, "br")).getMessage().contains("br"));
        assertTrue(assertThrows(Bodies.DecodeException.class, () -> Bodies.decode(junk, "zstd")).getMessage()
                .contains("cannot decode: \"zstd\""));
        assertTrue(assertThrows(Bodies.DecodeException.class, () -> Bodies.base64("%%%")).getMessage().contains("base64"));
        assertArrayEquals(JSON, assertDoesNotThrow(() -> Bodies.base64(java.util.Base64.getMimeEncoder().encodeToString(JSON))));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }

    @Test
    void aCompressionBombIsRefusedNotInflated() throws Exception {
        byte[] bomb = gzip(new byte[4 * 1024 * 1024]);
        assertTrue(bomb.length < 100_000);
        Bodies.DecodeException e = assertThrows(Bodies.DecodeException.class, () -> Bodies.decode(bomb, "gzip", 1024 * 1024));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void eventStreamsAreToldFromJson() {
        assertTrue(Bodies.isEventStream("text/event-stream; charset=utf-8", "{}"));
        assertTrue(Bodies.isEventStream(null, "\nevent: response.created\ndata: {}\n\n"));
        assertEquals(false, Bodies.isEventStream("application/json", "{\"data\":1}"));
    }

    /** Collects what a reader reports. */
    static final class Collect implements TranscriptSink {
        final List<Exchange> exchanges = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        @Override
        public void exchange(Exchange exchange) {
            exchanges.add(exchange);
        }

        @Override
        public void unreadable(Integer index, Integer line, String pointer, String message, boolean takesPosition) {
            problems.add(index + ":" + message);
        }

        @Override
        public void unreadable(Integer index, Integer line, Integer interaction, String pointer, String message,
                               boolean takesPosition) {
            problems.add(index + "/" + interaction + ":" + message);
        }

        @Override
        public void internalError(Integer index, Integer line, String where, Throwable failure) {
            throw new AssertionError("internal error while " + where, failure);
        }
    }

    @Test
    void aYamlDocumentOverTheCodePointLimitIsTooLargeAndWhatCameBeforeIsRead() throws IOException {
        String one = "- request:\n    body: '{\"model\":\"gpt-5.4\",\"input\":\"hi\"}'\n    method: POST\n    uri: https://api.openai.com/v1/responses\n"
                + "  response:\n    body: {string: '{\"id\":\"r\",\"output\":[]}'}\n    status: {code: 200}\n";
        Path p = dir.resolve("c.yaml");
        Files.writeString(p, "interactions:\n" + one.repeat(40));
        Collect c = new Collect();
        Readers.readCassette(p, "c.yaml", Readers.Recorded.INTERACTIONS, Readers.newMapper(), YamlTree.newMapper(2000), c);
        assertTrue(c.exchanges.size() > 0 && c.exchanges.size() < 40, "streamed up to the limit: " + c.exchanges.size());
        assertEquals(1, c.problems.size(), c.problems.toString());
        assertTrue(c.problems.get(0).contains("too large"), c.problems.get(0));
        assertEquals(c.exchanges.size() - 1, c.exchanges.get(c.exchanges.size() - 1).interaction());
    }

    @Test
    void recordingsAreRecognisedByContent() {
        assertEquals(Readers.Recorded.HTTPRR, sniff("httprr trace v1\n12 34\n"));
        assertEquals(Readers.Recorded.INTERACTIONS, sniff("interactions:\n- request:\n"));
        assertEquals(Readers.Recorded.INTERACTIONS, sniff("---\nversion: 2\ninteractions:\n    - id: 0\n"));
        assertEquals(Readers.Recorded.HTTP_INTERACTIONS, sniff("---\nhttp_interactions:\n- request:\n"));
        assertEquals(Readers.Recorded.HTTP_INTERACTIONS, sniff("{\"http_interactions\":[{\"request\":{}}]}"));
        assertEquals(Readers.Recorded.INTERACTIONS, sniff("{\n    \"interactions\": []}"));
        assertEquals(null, sniff("rules:\n  interactions: off\n"));
        assertEquals(null, sniff("{\"request\":{\"input\":\"interactions:\"}}"));
        assertEquals(null, sniff("id: my-scenario\nresponses:\n  - output: []\n"));
    }

    private static Readers.Recorded sniff(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Readers.recordingOf(b, b.length);
    }
}
