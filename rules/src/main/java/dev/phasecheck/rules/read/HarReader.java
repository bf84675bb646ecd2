package dev.phasecheck.rules.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * HAR 1.2. Two passes, neither of which holds the file: the first scans {@code log.entries} for
 * each entry's byte offset, method, URL and {@code startedDateTime}; the second reads the API
 * entries one at a time, in {@code startedDateTime} order, by seeking to their offsets.
 */
public final class HarReader {
    private final ObjectMapper mapper;

    public HarReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private record Entry(int position, long offset, String started, OffsetDateTime time) {}

    public void read(Path path, String file, TranscriptSink sink) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!scan(path, entries, sink)) return;
        List<Entry> ordered = new ArrayList<>(entries);
        ordered.sort(Comparator.comparing((Entry e) -> e.time, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingInt(e -> e.position));
        int index = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            for (Entry e : ordered) {
                ch.position(e.offset);
                JsonNode entry;
                try {
                    InputStream in = Channels.newInputStream(ch);
                    JsonParser p = mapper.createParser(in);
                    p.nextToken();
                    entry = TreeReader.read(p);
                } catch (JacksonException | IllegalStateException ex) {
                    sink.unreadable(index++, null, "", "HAR entry " + e.position + " is not valid JSON: "
                            + Readers.describe(ex), true);
                    continue;
                }
                ObjectNode exchange = toExchangeObject(entry, e.position, index, sink);
                if (exchange == null) {
                    index++;
                    continue;
                }
                Exchange ex = Readers.toExchange(exchange, file, index, null, mapper, sink);
                if (ex != null) sink.exchange(ex);
                index++;
            }
        }
    }

    /** First pass. Returns false when the file has no usable {@code log.entries}. */
    private boolean scan(Path path, List<Entry> entries, TranscriptSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(path); JsonParser p = mapper.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                sink.unreadable(null, null, "", "a HAR file must be a JSON object with \"log\"", false);
                return false;
            }
            boolean found = false;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("log".equals(name) && v == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String f = p.currentName();
                        JsonToken fv = p.nextToken();
                        if ("entries".equals(f) && fv == JsonToken.START_ARRAY) {
                            found = true;
                            scanEntries(p, entries);
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!found) {
                sink.unreadable(null, null, "/log/entries", "HAR has no \"log.entries\" array", false);
                return false;
            }
            return true;
        } catch (JacksonException e) {
            if (entries.isEmpty()) {
                sink.unreadable(null, null, "", "HAR is not valid JSON: " + Readers.describe(e), false);
                return false;
            }
            sink.unreadable(null, null, "", "HAR is not valid JSON after entry " + (entries.size() - 1) + ": "
                    + Readers.describe(e) + "; the entries before it are checked", false);
            return true;
        }
    }

    private void scanEntries(JsonParser p, List<Entry> entries) {
        int position = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                position++;
                continue;
            }
            long offset = p.currentTokenLocation().getByteOffset();
            String started = null;
            String method = null;
            String url = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if ("startedDateTime".equals(f) && v == JsonToken.VALUE_STRING) {
                    started = p.getString();
                } else if ("request".equals(f) && v == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String rf = p.currentName();
                        JsonToken rv = p.nextToken();
                        if ("method".equals(rf) && rv == JsonToken.VALUE_STRING) method = p.getString();
                        else if ("url".equals(rf) && rv == JsonToken.VALUE_STRING) url = p.getString();
                        else p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (isApiEntry(method, url)) entries.add(new Entry(position, offset, started, parseTime(started)));
            position++;
        }
    }

    /** The rule of transcript-format §3 and §3b, shared with the recordings: see {@link Endpoint#isExchange}. */
    static boolean isApiEntry(String method, String url) {
        return Endpoint.isExchange(method, url);
    }

    private static OffsetDateTime parseTime(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Builds a native exchange object from a HAR entry; null (after reporting) when it has no request body. */
    private ObjectNode toExchangeObject(JsonNode entry, int position, int index, TranscriptSink sink) {
        ObjectNode ex = mapper.createObjectNode();
        JsonNode req = entry.path("request");
        ex.put("url", req.path("url").asString(""));
        JsonNode postText = req.path("postData").path("text");
        if (Endpoint.isRetrieval(req.path("method").asString(null), req.path("url").asString(null))) {
            ex.set("request", mapper.createObjectNode()); // GET …/responses/{id}: an empty request (§3b)
        } else if (!postText.isString() || postText.asString().isBlank()) {
            sink.unreadable(index, null, "/request", "HAR entry " + position + " has no request body (request.postData.text)", true);
            return null;
        } else {
            try {
                ex.set("request", Bodies.json(mapper, postText.asString()));
            } catch (JacksonException | IllegalStateException e) {
                sink.unreadable(index, null, "/request", "HAR entry " + position + ": request body is not JSON: "
                        + Readers.describe(e), true);
                return null;
            }
        }
        JsonNode resp = entry.path("response");
        JsonNode status = resp.path("status");
        if (status.isNumber() && status.asInt() > 0) ex.put("status", status.asInt());
        JsonNode content = resp.path("content");
        JsonNode text = content.path("text");
        if (text.isString() && !text.asString().isEmpty()) {
            String body = text.asString();
            if ("base64".equalsIgnoreCase(content.path("encoding").asString(""))) {
                try {
                    body = Bodies.text(Bodies.base64(body));
                } catch (Bodies.DecodeException e) {
                    sink.unreadable(index, null, "/response", "HAR entry " + position
                            + ": response.content.text is not valid base64", false);
                    return ex;
                }
            }
            if (Bodies.isEventStream(content.path("mimeType").asString(""), body)) {
                ex.put("response_sse", body);
            } else {
                try {
                    ex.set("response", Bodies.json(mapper, body));
                } catch (JacksonException | IllegalStateException e) {
                    sink.unreadable(index, null, "/response", "HAR entry " + position + ": response body is not JSON: "
                            + Readers.describe(e), false);
                }
            }
        }
        return ex;
    }
}
