package dev.phasecheck.rules.read;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Body decoding shared by every reader of recorded HTTP (HAR, cassettes, httprr): base64,
 * {@code Content-Encoding} (gzip, deflate, br), and telling a {@code text/event-stream} body from
 * a JSON one.
 */
public final class Bodies {
    /** A decoded body larger than this is refused (a compression bomb must not exhaust the heap). */
    public static final int MAX_DECODED_BYTES = 128 * 1024 * 1024;

    private Bodies() {}

    /** A body that cannot be decoded; the message says why, in one line. */
    public static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;

        public DecodeException(String message) {
            super(message);
        }
    }

    /** Base64 (standard alphabet; whitespace and line breaks are ignored, any other stray character is an error). */
    public static byte[] base64(String text) throws DecodeException {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') sb.append(c);
        }
        try {
            return Base64.getDecoder().decode(sb.toString());
        } catch (IllegalArgumentException e) {
            throw new DecodeException("is not valid base64: " + e.getMessage());
        }
    }

    /**
     * Undoes a {@code Content-Encoding}: a comma-separated list of codings in the order they were
     * applied, so they are undone from the last. {@code identity} (or none) leaves the body as is.
     * A body that is not actually compressed (some recorders store it already decoded and keep
     * the header) is detected by its magic bytes and left as is when it is plainly text.
     */
    public static byte[] decode(byte[] body, String contentEncoding) throws DecodeException {
        return decode(body, contentEncoding, MAX_DECODED_BYTES);
    }

    /** As {@link #decode(byte[], String)}, refusing more than {@code max} decoded bytes. */
    static byte[] decode(byte[] body, String contentEncoding, int max) throws DecodeException {
        if (contentEncoding == null || contentEncoding.isBlank() || body.length == 0) return body;
        String[] codings = contentEncoding.toLowerCase(Locale.ROOT).split(",");
        byte[] out = body;
        for (int i = codings.length - 1; i >= 0; i--) {
            String c = codings[i].strip();
            switch (c) {
                case "", "identity" -> { }
                case "gzip", "x-gzip" -> out = isGzip(out) ? gunzip(out, max) : alreadyDecoded(out, c);
                case "deflate" -> out = looksLikeText(out) ? out : inflate(out, max);
                case "br" -> out = looksLikeText(out) ? out : brotli(out, max);
                default -> {
                    if (!looksLikeText(out)) throw new DecodeException("has a Content-Encoding phasecheck cannot decode: \"" + c + "\"");
                }
            }
        }
        return out;
    }

    /** True when the bytes start with the gzip magic number. */
    public static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static byte[] alreadyDecoded(byte[] b, String coding) throws DecodeException {
        if (looksLikeText(b)) return b;
        throw new DecodeException("is not valid " + coding + " (no gzip header)");
    }

    /** A body that starts like JSON or an event stream was stored decoded. */
    static boolean looksLikeText(byte[] b) {
        int i = Bom.length(b, 0, b.length);
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        if (i >= b.length) return true;
        byte c = b[i];
        return c == '{' || c == '[' || startsWith(b, i, "event:") || startsWith(b, i, "data:") || startsWith(b, i, ":");
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (b.length - at < s.length()) return false;
        for (int k = 0; k < s.length(); k++) if (b[at + k] != s.charAt(k)) return false;
        return true;
    }

    private static byte[] gunzip(byte[] b, int max) throws DecodeException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return readBounded(in, "gzip", max);
        } catch (IOException e) {
            throw new DecodeException("will not decode as gzip: " + e.getMessage());
        }
    }

    /** HTTP "deflate" is zlib-wrapped; some servers send raw deflate, which is tried next. */
    private static byte[] inflate(byte[] b, int max) throws DecodeException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(b))) {
            return readBounded(in, "deflate", max);
        } catch (IOException e) {
            Inflater raw = new Inflater(true);
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(b), raw)) {
                return readBounded(in, "deflate", max);
            } catch (IOException e2) {
                throw new DecodeException("will not decode as deflate: " + e.getMessage());
            } finally {
                raw.end();
            }
        }
    }

    private static byte[] brotli(byte[] b, int max) throws DecodeException {
        try (InputStream in = new org.brotli.dec.BrotliInputStream(new ByteArrayInputStream(b))) {
            return readBounded(in, "br", max);
        } catch (IOException | RuntimeException e) {
            throw new DecodeException("will not decode as br (brotli): " + e.getMessage());
        }
    }

    private static byte[] readBounded(InputStream in, String coding, int max) throws IOException, DecodeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw new DecodeException("is too large once decoded (" + coding + "): over " + max
                        + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** UTF-8 text of a decoded body. */
    public static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Whether a body is a server-sent event stream: by its media type, else by how it starts. */
    public static boolean isEventStream(String mediaType, String body) {
        if (mediaType != null && mediaType.toLowerCase(Locale.ROOT).contains("text/event-stream")) return true;
        String t = body.stripLeading();
        return t.startsWith("event:") || t.startsWith("data:");
    }

    /** Parses a JSON body: exactly one value (the tree builder of the other readers). */
    public static JsonNode json(ObjectMapper mapper, String body) {
        return TreeReader.parse(mapper, body);
    }

}
