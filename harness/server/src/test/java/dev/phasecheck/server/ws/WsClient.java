package dev.phasecheck.server.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Responses WebSocket as a client sees it, on the JDK's {@link java.net.http.WebSocket}: send
 * a message, then take the events until a terminal one ({@code response.completed},
 * {@code response.failed}, {@code response.incomplete}, {@code error}) or the end of the connection.
 */
final class WsClient implements AutoCloseable {
    /** What arrived: a JSON event, or the end of the connection (close code, or -1 when it dropped). */
    record Incoming(JsonNode event, int closeCode, Throwable error) {
        boolean end() {
            return event == null;
        }
    }

    private final ObjectMapper json = JsonMapper.builder().build();
    private final LinkedBlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private final List<String> pongs = new ArrayList<>();

    WsClient(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer sk-phasecheck-dummy-key")
                .header("OpenAI-Beta", "responses_websockets=2026-02-06")
                .buildAsync(URI.create(url), new Listener()).get(10, TimeUnit.SECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                queue.add(new Incoming(json.readTree(text.toString()), 0, null));
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, java.nio.ByteBuffer message) {
            byte[] b = new byte[message.remaining()];
            message.get(b);
            synchronized (pongs) {
                pongs.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            queue.add(new Incoming(null, statusCode, null));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            queue.add(new Incoming(null, -1, error));
        }
    }

    WebSocket socket() {
        return socket;
    }

    List<String> pongs() {
        synchronized (pongs) {
            return List.copyOf(pongs);
        }
    }

    void send(JsonNode message) throws Exception {
        socket.sendText(json.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    }

    /** The next thing that arrives, within 10 s. */
    Incoming next() throws InterruptedException {
        Incoming i = queue.poll(10, TimeUnit.SECONDS);
        if (i == null) throw new AssertionError("nothing arrived within 10 s");
        return i;
    }

    /** The events of one answer: through its terminal event, or up to the end of the connection (then last is an end). */
    List<Incoming> answer() throws InterruptedException {
        List<Incoming> out = new ArrayList<>();
        while (true) {
            Incoming i = next();
            out.add(i);
            if (i.end()) return out;
            String type = i.event().path("type").asString("");
            if (type.equals("response.completed") || type.equals("response.failed") || type.equals("response.incomplete")
                    || type.equals("error")) {
                return out;
            }
        }
    }

    /** Sends a message and takes its answer. */
    List<Incoming> answer(JsonNode message) throws Exception {
        send(message);
        return answer();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            socket.abort();
        }
    }
}
