package dev.phasecheck.server.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The front listener on raw sockets: the handshake, RFC 6455 framing and its errors, scripted faults, the pipe. */
class FrontListenerTest {
    private static final int MAX = 1 << 16;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** A handler that answers every message with three events, paced 30 ms, or as {@code fault} says. */
    private TurnHandler handler(java.util.function.UnaryOperator<Turn> fault) {
        return (connection, path, message) -> {
            seen.add(connection + " " + path + " " + message);
            List<String> sse = new ArrayList<>();
            for (String t : List.of("response.created", "response.output_text.delta", "response.completed")) {
                sse.add("event: " + t + "\ndata: {\"type\":\"" + t + "\"}\n\n");
            }
            return fault.apply(Turn.ofSse(sse, 30));
        };
    }

    private static String handshake(Socket s, String path, String version) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " + version + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void frame(OutputStream out, int first, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(first);
        int n = payload.length;
        int m = masked ? 0x80 : 0;
        if (n < 126) f.write(m | n);
        else {
            f.write(m | 126);
            f.write(n >>> 8);
            f.write(n);
        }
        byte[] key = {1, 2, 3, 4};
        if (masked) f.write(key);
        for (int i = 0; i < n; i++) f.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        out.write(f.toByteArray());
        out.flush();
    }

    /** Reads one server frame: {opcode, payload}; null at the end of the stream. */
    private static Object[] read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int b0 = d.read();
        if (b0 < 0) return null;
        int len = d.readUnsignedByte();
        assertEquals(0, len & 0x80, "server frames are not masked");
        if (len == 126) len = d.readUnsignedShort();
        else if (len == 127) len = (int) d.readLong();
        byte[] p = new byte[len];
        d.readFully(p);
        assertEquals(0x80, b0 & 0x80, "server frames are final");
        return new Object[] {b0 & 0x0F, p};
    }

    private static int closeCode(Object[] f) {
        assertEquals(Frames.CLOSE, f[0]);
        byte[] p = (byte[]) f[1];
        return ((p[0] & 0xFF) << 8) | (p[1] & 0xFF);
    }

    @Test
    void theHandshakeAnswersWithTheRfcAcceptValue() throws Exception {
        try (FrontListener f = FrontListener.start("127.0.0.1", 0, 1, handler(t -> t), MAX); Socket s = new Socket("127.0.0.1", f.port())) {
            String head = handshake(s, "/api/v1/responses?x=1", "13");
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            // RFC 6455 §1.3's example key and accept value
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
            assertTrue(!head.toLowerCase().contains("sec-websocket-extensions"), "no extension (permessage-deflate) is accepted");
            frame(s.getOutputStream(), 0x81, "{\"a\":1}".getBytes(), true);
            for (String t : List.of("response.created", "response.output_text.delta", "response.completed")) {
                Object[] fr = read(s.getInputStream());
                assertEquals(Frames.TEXT, fr[0]);
                assertEquals("{\"type\":\"" + t + "\"}", new String((byte[]) fr[1], StandardCharsets.UTF_8));
            }
            assertEquals(List.of("ws1 /api/v1/responses {\"a\":1}"), seen);
            frame(s.getOutputStream(), 0x88, Frames.closePayload(1000, "bye"), true);
            assertEquals(1000, closeCode(read(s.getInputStream())));
            assertEquals(null, read(s.getInputStream()));
        }
    }

    @Test
    void aWrongVersionIs426() throws Exception {
        try (FrontListener f = FrontListener.start("127.0.0.1", 0, 1, handler(t -> t), MAX); Socket s = new Socket("127.0.0.1", f.port())) {
            String head = handshake(s, "/v1/responses", "8");
            assertTrue(head.startsWith("HTTP/1.1 426 ") && head.contains("Sec-WebSocket-Version: 13"), head);
        }
    }

    @Test
    void protocolViolationsCloseWithTheirCodes() throws Exception {
        record Case(int first, byte[] payload, boolean masked, int code) {}
        byte[] big = new byte[MAX + 1];
        List<Case> cases = List.of(
                new Case(0x81, "{}".getBytes(), false, 1002),               // unmasked client frame
                new Case(0xC1, "{}".getBytes(), true, 1002),                // RSV1 without an extension
                new Case(0x80, "{}".getBytes(), true, 1002),                // continuation without a start
                new Case(0x82, "{}".getBytes(), true, 1003),                // binary message
                new Case(0x81, new byte[] {(byte) 0xC3, 0x28}, true, 1007), // not UTF-8
                new Case(0x09, "x".getBytes(), true, 1002));                // a fragmented control frame
        for (Case c : cases) {
            try (FrontListener f = FrontListener.start("127.0.0.1", 0, 1, handler(t -> t), MAX); Socket s = new Socket("127.0.0.1", f.port())) {
                handshake(s, "/v1/responses", "13");
                frame(s.getOutputStream(), c.first(), c.payload(), c.masked());
                assertEquals(c.code(), closeCode(read(s.getInputStream())), "case " + Integer.toHexString(c.first()));
            }
        }
        try (FrontListener f = FrontListener.start("127.0.0.1", 0, 1, handler(t -> t), MAX); Socket s = new Socket("127.0.0.1", f.port())) {
            handshake(s, "/v1/responses", "13");
            // too large, in fragments
            frame(s.getOutputStream(), 0x01, new byte[MAX - 10], true);
            frame(s.getOutputStream(), 0x80, new byte[20], true);
            assertEquals(1009, closeCode(read(s.getInputStream())));
        }
        try (FrontListener f = FrontListener.start("127.0.0.1", 0, 1, handler(t -> t), big.length - 1); Socket s = new Socket("127.0.0.1", f.port())) {
            handshake(s, "/v1/responses", "13");
            OutputStream out = s.getOutputStream();
            // a 64-bit length over the limit is refused before its payload arrives
            out.write(new byte[] {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0, 1, 0, 1, 1, 2, 3, 4});
            out.flush();
            assertEquals(1009, closeCode(read(s.getInputStream())));
        }
        assertTrue(seen.isEmpty(), "no bad message reached the turn logic: " + seen);
    }

    @Test
    void pingsArePongedWithTheirPayload() throws Exception {
        try (FrontListener f = FrontListener.start("127.0.0.1", 0, 1, handler(t -> t), MAX); Socket s = new Socket("127.0.0.1", f.port())) {
            handshake(s, "/v1/responses", "13");
            frame(s.getOutputStream(), 0x89, "abc".getBytes(), true);
            Object[] pong = read(s.getInputStream());
            assertEquals(Frames.PONG, pong[0]);
            assertArrayEquals("abc".getBytes(), (byte[]) pong[1]);
        }
    }

    @Test
    void aScriptedDisconnectSendsTheFirstEventsThenDropsTheConnection() throws Exception {
        try (FrontListener f = FrontListener.start("127.0.0.1", 0, 1,
                handler(t -> t.withStallMs(150).withDisconnectAfterEvents(2, "disconnect_after_events")), MAX);
             Socket s = new Socket("127.0.0.1", f.port())) {
            handshake(s, "/v1/responses", "13");
            long start = System.nanoTime();
            frame(s.getOutputStream(), 0x81, "{}".getBytes(), true);
            Object[] first = read(s.getInputStream());
            long firstMs = (System.nanoTime() - start) / 1_000_000;
            Object[] second = read(s.getInputStream());
            long secondMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("{\"type\":\"response.created\"}", new String((byte[]) first[1], StandardCharsets.UTF_8));
            assertEquals("{\"type\":\"response.output_text.delta\"}", new String((byte[]) second[1], StandardCharsets.UTF_8));
            assertTrue(firstMs >= 140, "stalled before the first event: " + firstMs);
            assertTrue(secondMs - firstMs >= 25, "paced: " + (secondMs - firstMs));
            assertEquals(null, read(s.getInputStream()), "no terminal event and no close frame: the connection ends");
        }
        Turn t = handler(x -> x.withDisconnectAfterEvents(2, "disconnect_after_events")).respond("ws9", "/v1/responses",
                JsonNodeFactory.instance.objectNode());
        assertEquals("event: response.created\ndata: {\"type\":\"response.created\"}\n\nevent: response.output_text.delta\n"
                + "data: {\"type\":\"response.output_text.delta\"}\n\n", t.sse(), "the journal shows what was sent");
    }

    @Test
    void otherTrafficIsPipedByteForByteBothWays() throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             FrontListener f = FrontListener.start("127.0.0.1", 0, backend.getLocalPort(), handler(t -> t), MAX);
             Socket s = new Socket("127.0.0.1", f.port())) {
            byte[] request = "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            try (Socket b = backend.accept()) {
                byte[] got = b.getInputStream().readNBytes(request.length);
                assertArrayEquals(request, got);
                b.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                b.getOutputStream().flush();
                // an upgrade later on the same connection is WireMock's to answer, not ours
                s.getOutputStream().write("GET /v1/responses HTTP/1.1\r\nUpgrade: websocket\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                String more = new String(b.getInputStream().readNBytes(19), StandardCharsets.ISO_8859_1);
                assertEquals("GET /v1/responses H", more);
            }
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", answer, "the backend's close ends the client connection");
            assertTrue(seen.isEmpty());
        }
    }

    @Test
    void errorTurnsAreOneErrorEvent() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("message", "m").put("type", "invalid_request_error").putNull("param").put("code", "c");
        Turn t = Turn.error(400, body);
        assertEquals(List.of("{\"type\":\"error\",\"status\":400,\"error\":{\"message\":\"m\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"c\"}}"),
                t.events());
        assertEquals(400, t.status());
    }
}
