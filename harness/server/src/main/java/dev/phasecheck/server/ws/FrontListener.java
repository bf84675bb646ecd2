package dev.phasecheck.server.ws;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's public port. WireMock (which has no WebSocket server) listens on an internal
 * loopback port; this listener accepts every connection on the public one and reads its HTTP
 * request head. A WebSocket upgrade of {@code GET …/responses} (e.g. {@code /v1/responses},
 * {@code /api/v1/responses}) is served here, as a Responses WebSocket ({@link WsConnection});
 * any other connection is piped byte for byte, both ways, to WireMock.
 *
 * <p>The choice is made once per TCP connection, on its first request: an upgrade sent on a
 * keep-alive connection that already carried plain HTTP requests goes to WireMock (which refuses
 * it with a 404). Clients open a fresh connection for a WebSocket (JDK, tungstenite, ws, OkHttp).
 *
 * <p>Why no library: WireMock 3's standalone jar shades Jetty and leaves its WebSocket modules out,
 * and Jetty 11 does not implement the servlet upgrade API, so the upgrade cannot happen inside
 * WireMock; a separate WebSocket server (org.java-websocket, Netty, Undertow) owns its port and
 * would have to replace WireMock's HTTP serving rather than share the port with it. The protocol
 * needed here (one text message in, text messages out, no extensions) is small.
 */
public final class FrontListener implements AutoCloseable {
    /** The longest request head read before deciding (larger: 431). */
    static final int MAX_HEAD_BYTES = 64 << 10;

    private final ServerSocket server;
    private final int backendPort;
    private final TurnHandler handler;
    private final int maxMessageBytes;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    private FrontListener(ServerSocket server, int backendPort, TurnHandler handler, int maxMessageBytes) {
        this.server = server;
        this.backendPort = backendPort;
        this.handler = handler;
        this.maxMessageBytes = maxMessageBytes;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "phasecheck-front-" + server.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds {@code host:port} (0: a free port) and starts accepting.
     *
     * @param backendPort     WireMock's port on the loopback address
     * @param handler         the turn logic for WebSocket messages
     * @param maxMessageBytes the largest WebSocket message accepted (larger: close 1009)
     */
    public static FrontListener start(String host, int port, int backendPort, TurnHandler handler, int maxMessageBytes)
            throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        FrontListener f = new FrontListener(s, backendPort, handler, maxMessageBytes);
        f.threads.execute(f::acceptLoop);
        return f;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many WebSocket connections were accepted so far. */
    public int webSocketConnections() {
        return connections.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) quietClose(s);
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) return;
                continue; // a failed accept (e.g. too many files) must not end the server
            }
            open.add(client);
            try {
                threads.execute(() -> serve(client));
            } catch (RuntimeException rejected) { // shut down meanwhile
                quietClose(client);
            }
        }
    }

    private void serve(Socket client) {
        try {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream(), 16 << 10);
            byte[] head = readHead(in);
            if (head == null) return;
            if (head.length > MAX_HEAD_BYTES) {
                respond(client.getOutputStream(), "431 Request Header Fields Too Large", "request head larger than " + MAX_HEAD_BYTES + " bytes");
                return;
            }
            Head h = Head.parse(new String(head, StandardCharsets.ISO_8859_1));
            if (h != null && h.webSocketUpgrade() && h.responsesPath()) {
                upgrade(client, in, h);
            } else {
                pipe(client, in, head);
            }
        } catch (IOException e) {
            // the peer went away: nothing to answer
        } finally {
            open.remove(client);
            quietClose(client);
        }
    }

    private void upgrade(Socket client, InputStream in, Head h) throws IOException {
        OutputStream out = client.getOutputStream();
        String version = h.header("sec-websocket-version");
        String key = h.header("sec-websocket-key");
        if (!"13".equals(version == null ? null : version.trim())) {
            out.write(("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
        }
        if (key == null || key.isBlank()) {
            respond(out, "400 Bad Request", "a WebSocket upgrade needs Sec-WebSocket-Key");
            return;
        }
        String id = "ws" + connections.incrementAndGet();
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + WsConnection.accept(key.trim()) + "\r\nx-request-id: req_phasecheck_" + id + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        new WsConnection(id, h.path(), client, in, out, handler, maxMessageBytes).run();
    }

    private void pipe(Socket client, InputStream clientIn, byte[] head) throws IOException {
        Socket backend = new Socket();
        open.add(backend);
        try {
            backend.setTcpNoDelay(true);
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), 5000);
            OutputStream toBackend = backend.getOutputStream();
            toBackend.write(head);
            toBackend.flush();
            threads.execute(() -> {
                try {
                    copy(clientIn, toBackend);
                    backend.shutdownOutput(); // the client is done sending; let the answer finish
                } catch (IOException e) {
                    quietClose(backend);
                }
            });
            // the answer, until WireMock ends the connection; then the caller closes the client side
            copy(backend.getInputStream(), client.getOutputStream());
        } finally {
            open.remove(backend);
            quietClose(backend);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16 << 10];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    /** The request head through its blank line, null when the peer closed first; longer than the limit: cut there. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int state = 0; // matched bytes of \r\n\r\n
        while (head.size() <= MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) return head.size() == 0 ? null : head.toByteArray();
            head.write(b);
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1 -> b == '\n' ? 2 : (b == '\r' ? 1 : 0);
                case 3 -> b == '\n' ? 4 : (b == '\r' ? 1 : 0);
                default -> 0;
            };
            if (state == 4) return head.toByteArray();
        }
        return head.toByteArray();
    }

    private static void respond(OutputStream out, String status, String text) throws IOException {
        byte[] body = ("{\"error\":{\"message\":\"" + text + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** A parsed request head: method, path (without query), headers (last one wins, names lower-cased). */
    record Head(String method, String path, java.util.Map<String, String> headers) {
        static Head parse(String text) {
            String[] lines = text.split("\r\n");
            String[] start = lines[0].split(" ");
            if (start.length < 3) return null;
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) continue;
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
            String target = start[1];
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            if (path.startsWith("http://") || path.startsWith("ws://")) { // absolute form
                int slash = path.indexOf('/', path.indexOf("//") + 2);
                path = slash < 0 ? "/" : path.substring(slash);
            }
            return new Head(start[0], path, headers);
        }

        String header(String name) {
            return headers.get(name);
        }

        boolean webSocketUpgrade() {
            String upgrade = header("upgrade");
            String connection = header("connection");
            return method.equals("GET") && upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")
                    && connection != null && connection.toLowerCase(Locale.ROOT).contains("upgrade");
        }

        boolean responsesPath() {
            String p = path;
            while (p.endsWith("/") && p.length() > 1) p = p.substring(0, p.length() - 1);
            return p.endsWith("/responses");
        }
    }
}
