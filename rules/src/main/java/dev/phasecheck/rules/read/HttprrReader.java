package dev.phasecheck.rules.read;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * An httprr trace (rsc.io/httprr, langchaingo): the line {@code httprr trace v1}, then one record
 * per round trip: a line {@code N1 N2}, N1 bytes of the request as Go writes it on the wire
 * ({@code WriteProxy}: request line with the absolute URL, headers, body) and N2 bytes of the
 * response ({@code Response.Write}: status line, headers, body — chunked when its length was not
 * known). Bodies are de-chunked and decoded by their {@code Content-Encoding}. Read record by
 * record, never whole.
 */
public final class HttprrReader {
    public static final String HEADER = "httprr trace v1";
    /** A record larger than this is skipped as too large (its bytes are never held). */
    static final long MAX_RECORD = 512L * 1024 * 1024;

    private final ObjectMapper mapper;

    public HttprrReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether a file starts with the httprr header line. */
    static boolean sniff(byte[] head, int n) {
        String h = new String(head, 0, Math.min(n, HEADER.length() + 2), StandardCharsets.ISO_8859_1);
        return h.equals(HEADER + "\n") || h.startsWith(HEADER + "\n") || h.startsWith(HEADER + "\r\n");
    }

    public void read(Path path, String file, TranscriptSink out) throws IOException {
        try (InputStream raw = Files.newInputStream(path)) {
            read(new BufferedInputStream(raw, 1 << 16), file, out);
        }
    }

    void read(InputStream in, String file, TranscriptSink out) throws IOException {
        Recording.Located sink = new Recording.Located(out);
        String first = line(in, 64);
        if (first == null || !first.equals(HEADER)) {
            out.unreadable(null, null, "", "not an httprr trace: the first line is not \"" + HEADER + "\"", false);
            return;
        }
        long offset = HEADER.length() + 1;
        int position = 0;
        int index = 0;
        while (true) {
            String sizes = line(in, 64);
            if (sizes == null) return; // end of the trace
            long n1;
            long n2;
            try {
                String[] f = sizes.split(" ", -1);
                if (f.length != 2) throw new NumberFormatException();
                n1 = Long.parseLong(f[0]);
                n2 = Long.parseLong(f[1]);
                if (n1 < 0 || n2 < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                out.unreadable(null, null, position, "", "corrupt httprr trace at byte " + offset + ": expected the record line \"N1 N2\" of interaction "
                        + position + ", found \"" + clip(sizes) + "\"; the rest of the file cannot be read", false);
                return;
            }
            offset += sizes.length() + 1;
            if (n1 > MAX_RECORD || n2 > MAX_RECORD) {
                out.unreadable(null, null, position, "", "interaction " + position + " of the httprr trace is too large ("
                        + n1 + " + " + n2 + " bytes; the limit is " + MAX_RECORD + " each); it was skipped", false);
                if (in.skip(n1 + n2) < n1 + n2) {
                    truncated(out, position);
                    return;
                }
                offset += n1 + n2;
                position++;
                continue;
            }
            byte[] req = in.readNBytes((int) n1);
            byte[] resp = in.readNBytes((int) n2);
            if (req.length < n1 || resp.length < n2) {
                truncated(out, position);
                return;
            }
            offset += n1 + n2;
            Message request;
            try {
                request = Message.parse(req, true);
            } catch (Bodies.DecodeException e) {
                out.unreadable(null, null, position, "", "interaction " + position + " of the httprr trace: the request "
                        + e.getMessage(), false);
                position++;
                continue;
            }
            String url = request.target;
            if (!url.startsWith("http://") && !url.startsWith("https://") && request.header("host") != null) {
                url = "https://" + request.header("host") + url;
            }
            Recording.Body responseBody;
            Integer status = null;
            String encoding = null;
            String type = null;
            try {
                Message response = Message.parse(resp, false);
                status = response.status;
                encoding = response.header("content-encoding");
                type = response.header("content-type");
                responseBody = new Recording.Bytes(response.body);
            } catch (Bodies.DecodeException e) {
                responseBody = new Recording.Broken("cannot be read from the raw HTTP response: " + e.getMessage());
            }
            Recording.Body requestBody = request.body.length == 0 ? null : new Recording.Bytes(request.body);
            Recording.Interaction it = new Recording.Interaction(request.method, url, status, requestBody,
                    request.header("content-encoding"), resp.length > 0, responseBody, encoding, type);
            if (Recording.emit(it, position, index, file, mapper, sink)) index++;
            position++;
        }
    }

    private static void truncated(TranscriptSink out, int position) {
        out.unreadable(null, null, position, "", "the httprr trace is truncated: interaction " + position
                + " is shorter than its record line says", false);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** One line up to {@code \n} (without it, and without a final {@code \r}); null at end of input. */
    private static String line(InputStream in, int max) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (b.size() < max) b.write(c);
        }
        if (c == -1 && b.size() == 0) return null;
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** A raw HTTP/1.1 message: start line, headers, de-chunked body. */
    static final class Message {
        String method;
        String target;
        Integer status;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;

        String header(String name) {
            return headers.get(name);
        }

        static Message parse(byte[] b, boolean request) throws Bodies.DecodeException {
            int end = indexOf(b, 0);
            if (end < 0) throw new Bodies.DecodeException("has no end of headers (a blank line)");
            String head = new String(b, 0, end, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r?\n");
            Message m = new Message();
            String[] start = lines[0].split(" ", 3);
            if (request) {
                if (start.length < 3 || !start[2].startsWith("HTTP/")) {
                    throw new Bodies.DecodeException("line is not \"METHOD URL HTTP/1.x\": \"" + clip(lines[0]) + "\"");
                }
                m.method = start[0];
                m.target = start[1];
            } else {
                if (start.length < 2 || !start[0].startsWith("HTTP/")) {
                    throw new Bodies.DecodeException("status line is not \"HTTP/1.x CODE\": \"" + clip(lines[0]) + "\"");
                }
                try {
                    m.status = Integer.parseInt(start[1]);
                } catch (NumberFormatException e) {
                    throw new Bodies.DecodeException("status line has no status code: \"" + clip(lines[0]) + "\"");
                }
            }
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) continue;
                String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                m.headers.merge(name, value, (a, v) -> a + ", " + v);
            }
            int bodyStart = end + (b[end] == '\r' ? 4 : 2);
            String te = m.header("transfer-encoding");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                m.body = dechunk(b, bodyStart);
            } else {
                int len = b.length - bodyStart;
                String cl = m.header("content-length");
                if (cl != null) {
                    try {
                        len = (int) Math.min(len, Long.parseLong(cl.strip()));
                    } catch (NumberFormatException e) {
                        throw new Bodies.DecodeException("has a bad Content-Length \"" + clip(cl) + "\"");
                    }
                }
                m.body = java.util.Arrays.copyOfRange(b, bodyStart, bodyStart + Math.max(0, len));
            }
            return m;
        }

        /** The offset of the blank line ending the headers ({@code \r\n\r\n} or {@code \n\n}), or -1. */
        private static int indexOf(byte[] b, int from) {
            for (int i = from; i + 1 < b.length; i++) {
                if (b[i] == '\r' && i + 3 < b.length && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
                if (b[i] == '\n' && b[i + 1] == '\n') return i;
            }
            return -1;
        }

        private static byte[] dechunk(byte[] b, int pos) throws Bodies.DecodeException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                int eol = pos;
                while (eol < b.length && b[eol] != '\n') eol++;
                if (eol >= b.length) throw new Bodies.DecodeException("body is chunked but ends inside a chunk header");
                String size = new String(b, pos, eol - pos, StandardCharsets.ISO_8859_1).strip();
                int semi = size.indexOf(';');
                if (semi >= 0) size = size.substring(0, semi).strip();
                int n;
                try {
                    n = Integer.parseInt(size, 16);
                } catch (NumberFormatException e) {
                    throw new Bodies.DecodeException("body is chunked but has a bad chunk size \"" + clip(size) + "\"");
                }
                pos = eol + 1;
                if (n == 0) return out.toByteArray();
                if (n < 0 || pos + n > b.length) throw new Bodies.DecodeException("body is chunked but a chunk is cut short");
                out.write(b, pos, n);
                pos += n;
                if (pos < b.length && b[pos] == '\r') pos++;
                if (pos < b.length && b[pos] == '\n') pos++;
            }
        }
    }
}
