package dev.phasecheck.server.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One Responses WebSocket, after the upgrade: reads the client's messages (masked frames,
 * fragmented or not, pings and closes between them), hands each text message to the
 * {@link TurnHandler} and sends its {@link Turn}'s events as text messages, in order, paced.
 * Messages are answered one after another, as the real API does (one response in flight).
 */
final class WsConnection {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ObjectMapper json = JsonMapper.builder().build();
    private final String id;
    private final String path;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final TurnHandler handler;
    private final int maxMessageBytes;

    WsConnection(String id, String path, Socket socket, InputStream in, OutputStream out, TurnHandler handler, int maxMessageBytes) {
        this.id = id;
        this.path = path;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.handler = handler;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** {@code Sec-WebSocket-Accept} for a key (RFC 6455 §4.2.2). */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    void run() throws IOException {
        ByteArrayOutputStream message = null; // a fragmented text message being assembled
        boolean binary = false;
        try {
            while (true) {
                Frames.Frame f = Frames.read(in, maxMessageBytes);
                if (f == null) return; // the client went away without a close frame
                switch (f.opcode()) {
                    case Frames.PING -> Frames.write(out, Frames.PONG, f.payload());
                    case Frames.PONG -> { }
                    case Frames.CLOSE -> {
                        int code = f.payload().length >= 2 ? ((f.payload()[0] & 0xFF) << 8) | (f.payload()[1] & 0xFF) : 1000;
                        Frames.write(out, Frames.CLOSE, Frames.closePayload(code == 1005 ? 1000 : code, ""));
                        return;
                    }
                    case Frames.TEXT, Frames.BINARY -> {
                        if (message != null) throw new Frames.ProtocolError(1002, "a new message began inside a fragmented one");
                        binary = f.opcode() == Frames.BINARY;
                        if (f.fin()) {
                            if (!deliver(f.payload(), binary)) return;
                        } else {
                            message = new ByteArrayOutputStream();
                            message.write(f.payload());
                        }
                    }
                    case Frames.CONTINUATION -> {
                        if (message == null) throw new Frames.ProtocolError(1002, "a continuation frame outside a fragmented message");
                        if ((long) message.size() + f.payload().length > maxMessageBytes) {
                            throw new Frames.ProtocolError(1009, "message larger than " + maxMessageBytes + " bytes");
                        }
                        message.write(f.payload());
                        if (f.fin()) {
                            byte[] whole = message.toByteArray();
                            message = null;
                            if (!deliver(whole, binary)) return;
                        }
                    }
                    default -> throw new Frames.ProtocolError(1002, "unknown opcode " + f.opcode());
                }
            }
        } catch (Frames.ProtocolError e) {
            try {
                Frames.write(out, Frames.CLOSE, Frames.closePayload(e.closeCode, e.getMessage()));
            } catch (IOException ignored) {
                // the peer is gone too
            }
        }
    }

    /** Answers one whole message; false when the connection is to end (a scripted disconnect). */
    private boolean deliver(byte[] payload, boolean binary) throws IOException {
        if (binary) throw new Frames.ProtocolError(1003, "the Responses WebSocket takes JSON text messages only");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new Frames.ProtocolError(1007, "a text message that is not UTF-8");
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(text);
            if (parsed == null || parsed.isMissingNode()) parsed = JsonNodeFactory.instance.stringNode(text);
        } catch (JacksonException e) {
            parsed = JsonNodeFactory.instance.stringNode(text);
        }
        Turn turn = handler.respond(id, path, parsed);
        if (turn.stallMs() > 0) sleep(turn.stallMs());
        List<String> events = turn.sent();
        for (int i = 0; i < events.size(); i++) {
            if (i > 0 && turn.eventDelayMs() > 0) sleep(turn.eventDelayMs());
            Frames.write(out, Frames.TEXT, events.get(i).getBytes(StandardCharsets.UTF_8));
        }
        if (turn.disconnectAfterEvents() >= 0) {
            socket.close(); // dropped: no terminal event, no close frame (a FIN, so the events sent still arrive)
            return false;
        }
        return true;
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: the server is closing");
        }
    }
}
