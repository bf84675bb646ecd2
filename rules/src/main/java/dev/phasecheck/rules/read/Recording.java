package dev.phasecheck.rules.read;

import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the readers of recordings (vcrpy, Ruby VCR and go-vcr cassettes, httprr traces) share: one
 * recorded interaction in a common shape, and turning it into an exchange (transcript-format §3a).
 * Each format's reader only finds its interactions' fields; decoding is {@link Bodies}'.
 */
final class Recording {
    private Recording() {}

    /** A recorded body as the file holds it. */
    sealed interface Body permits Text, Bytes, Parsed, Broken {}

    /** Text as written (to be decoded by its Content-Encoding only when it is not text). */
    record Text(String text) implements Body {}

    /** Bytes ({@code !!binary}, {@code base64_string}, raw HTTP). */
    record Bytes(byte[] bytes) implements Body {}

    /** A body that cannot even be taken out of the file (bad base64, a number): why, in one line. */
    record Broken(String why) implements Body {}

    /** A JSON body the recorder wrote as structured YAML (pydantic-ai's {@code parsed_body}). */
    record Parsed(JsonNode value) implements Body {}

    /**
     * One interaction.
     *
     * @param method           the HTTP method, or null
     * @param url              the URL, or null
     * @param status           the response status, or null
     * @param request          the request body, or null for none
     * @param requestEncoding  the request's Content-Encoding, or null
     * @param hasResponse      false when the interaction holds no response at all
     * @param response         the response body, or null for none
     * @param responseEncoding the response's Content-Encoding, or null
     * @param responseType     the response's Content-Type, or null
     */
    record Interaction(String method, String url, Integer status, Body request, String requestEncoding,
                       boolean hasResponse, Body response, String responseEncoding, String responseType) {}

    /** An interaction that does not have the format's shape: the message names what is wrong. */
    static final class BadInteraction extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String pointer;

        BadInteraction(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }
    }

    /** A sink that puts an interaction's position on every problem reported while it is read. */
    static final class Located implements TranscriptSink {
        private final TranscriptSink sink;
        Integer interaction;

        Located(TranscriptSink sink) {
            this.sink = sink;
        }

        @Override
        public void exchange(Exchange exchange) {
            sink.exchange(exchange);
        }

        @Override
        public void unreadable(Integer index, Integer line, String pointer, String message, boolean takesPosition) {
            sink.unreadable(index, line, interaction, pointer, message, takesPosition);
        }

        @Override
        public void unreadable(Integer index, Integer line, Integer interaction, String pointer, String message,
                               boolean takesPosition) {
            sink.unreadable(index, line, interaction, pointer, message, takesPosition);
        }

        @Override
        public void internalError(Integer index, Integer line, String where, Throwable failure) {
            sink.internalError(index, line, where + (interaction == null ? "" : " (interaction " + interaction + ")"), failure);
        }
    }

    /**
     * Hands one interaction on: an exchange when it is one (POST …/responses, …/responses/compact,
     * …/chat/completions, GET …/responses/{id}), else nothing. Returns true when it took an exchange
     * index. Every problem is reported at this exchange and interaction; none stops the file.
     */
    static boolean emit(Interaction it, int position, int index, String file, ObjectMapper mapper, Located sink) {
        if (!Endpoint.isExchange(it.method(), it.url())) return false;
        sink.interaction = position;
        try {
            ObjectNode ex = mapper.createObjectNode();
            ex.put("url", it.url());
            if (it.status() != null) ex.put("status", it.status());
            String where = "interaction " + position;
            if (Endpoint.isRetrieval(it.method(), it.url())) {
                ex.set("request", mapper.createObjectNode()); // §3b: a retrieval has an empty request
            } else {
                JsonNode request;
                try {
                    request = json(it.request(), it.requestEncoding(), mapper);
                } catch (Bodies.DecodeException e) {
                    sink.unreadable(index, null, "/request", where + ": request body " + e.getMessage(), true);
                    return true;
                }
                if (request == null) {
                    sink.unreadable(index, null, "/request", where + ": " + it.method() + " " + it.url()
                            + " has no request body", true);
                    return true;
                }
                ex.set("request", request);
            }
            if (!it.hasResponse()) {
                sink.unreadable(index, null, "/response", where + " has no response; the request is still checked", false);
            } else if (it.response() instanceof Parsed parsed) {
                ex.set("response", parsed.value());
            } else if (it.response() != null) {
                try {
                    String body = Bodies.text(bytes(it.response(), it.responseEncoding()));
                    if (!body.isBlank()) {
                        if (Bodies.isEventStream(it.responseType(), body)) {
                            ex.put("response_sse", body);
                        } else {
                            try {
                                ex.set("response", Bodies.json(mapper, body));
                            } catch (JacksonException | IllegalStateException e) {
                                sink.unreadable(index, null, "/response", where + ": response body is not JSON: "
                                        + Readers.describe(e), false);
                            }
                        }
                    }
                } catch (Bodies.DecodeException e) {
                    sink.unreadable(index, null, "/response", where + ": response body " + e.getMessage(), false);
                }
            }
            Exchange exchange = Readers.toExchange(ex, file, index, null, position, mapper, sink);
            if (exchange != null) sink.exchange(exchange);
            return true;
        } finally {
            sink.interaction = null;
        }
    }

    /** The request body as JSON: null when there is none; a DecodeException when it will not decode or parse. */
    private static JsonNode json(Body body, String encoding, ObjectMapper mapper) throws Bodies.DecodeException {
        if (body == null) return null;
        if (body instanceof Parsed p) return p.value();
        String text = Bodies.text(bytes(body, encoding));
        if (text.isBlank()) return null;
        try {
            return Bodies.json(mapper, text);
        } catch (JacksonException | IllegalStateException e) {
            throw new Bodies.DecodeException("is not JSON: " + Readers.describe(e));
        }
    }

    private static byte[] bytes(Body body, String encoding) throws Bodies.DecodeException {
        if (body instanceof Bytes b) return Bodies.decode(b.bytes(), encoding);
        if (body instanceof Broken b) throw new Bodies.DecodeException(b.why());
        if (body instanceof Parsed p) return p.value().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String text = ((Text) body).text();
        // text bodies are mostly stored decoded (Bodies.decode leaves text that plainly is JSON or an
        // event stream alone); gzip's magic number survives a recorder that wrote the raw bytes as a
        // Latin-1 string, so those are decoded from their Latin-1 bytes
        if (text.length() >= 2 && text.charAt(0) == 0x1f && text.charAt(1) == 0x8b) {
            return Bodies.decode(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), encoding);
        }
        return Bodies.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), encoding);
    }

    // ----- helpers for the cassette formats -----

    /** A header's first value from a YAML/JSON headers mapping ({@code Name: [v]} or {@code Name: v}), any case. */
    static String header(JsonNode headers, String name) {
        if (headers == null || !headers.isObject()) return null;
        for (var e : headers.properties()) {
            if (!e.getKey().equalsIgnoreCase(name)) continue;
            JsonNode v = e.getValue();
            if (v.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode x : v) {
                    if (!x.isString()) continue;
                    if (!sb.isEmpty()) sb.append(", ");
                    sb.append(x.asString());
                }
                return sb.isEmpty() ? null : sb.toString();
            }
            return v.isString() ? v.asString() : v.isNumber() ? v.asString() : null;
        }
        return null;
    }

    /** A body value: a string, binary ({@code !!binary}), or null/absent. */
    static Body scalarBody(JsonNode v, String pointer) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (v.isBinary()) return new Bytes(v.binaryValue());
        if (v.isString()) return new Text(v.asString());
        return new Broken("must be a string or !!binary, found " + Readers.kind(v));
    }

    static String string(JsonNode v) {
        return v != null && (v.isString() || v.isNumber()) ? v.asString() : null;
    }

    static Integer integer(JsonNode v) {
        if (v == null) return null;
        if (v.isIntegralNumber() && v.canConvertToInt()) return v.asInt();
        if (v.isString()) {
            String s = v.asString().strip();
            int sp = s.indexOf(' ');
            try {
                return Integer.parseInt(sp > 0 ? s.substring(0, sp) : s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
