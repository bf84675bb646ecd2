package dev.phasecheck.rules.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code .json} transcript: one exchange object, an array of them, or {@code {"exchanges": [...]}}.
 * Arrays are streamed element by element. A JSON file that turns out to be a HAR ({@code {"log": ...}})
 * is handed to the HAR reader.
 */
public final class JsonReader {
    private final ObjectMapper mapper;

    public JsonReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void read(Path path, String file, TranscriptSink sink) throws IOException {
        if (firstFieldIs(path, "log")) {
            new HarReader(mapper).read(path, file, sink);
            return;
        }
        try (InputStream in = Files.newInputStream(path)) {
            read(in, file, sink);
        }
    }

    public void read(InputStream in, String file, TranscriptSink sink) {
        int[] index = {0}; // the next position; survives an exception thrown mid-array
        try (JsonParser p = mapper.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) return; // empty file: no exchanges
            if (t == JsonToken.START_ARRAY) {
                readArray(p, file, index, sink);
            } else if (t == JsonToken.START_OBJECT) {
                ObjectNode single = mapper.createObjectNode();
                boolean sawExchanges = false;
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("exchanges".equals(name) && v == JsonToken.START_ARRAY) {
                        readArray(p, file, index, sink);
                        sawExchanges = true;
                    } else {
                        single.set(name, TreeReader.read(p));
                    }
                }
                if (!sawExchanges) {
                    Exchange ex = Readers.toExchange(single, file, 0, null, mapper, sink);
                    if (ex != null) sink.exchange(ex);
                    index[0] = 1;
                }
                if (p.nextToken() != null) {
                    sink.unreadable(null, null, "", "unexpected content after the top-level JSON value", false);
                }
            } else {
                sink.unreadable(null, null, "", "a JSON transcript must be an exchange object, an array of them "
                        + "or {\"exchanges\": [...]}, found " + Readers.kind(TreeReader.read(p)), false);
            }
        } catch (JacksonException | IllegalStateException e) {
            sink.unreadable(index[0], null, "", "JSON is not valid: "
                    + Readers.describe(e)
                    + "; the rest of the file was not read", true);
        }
    }

    /** Streams the elements of the array the parser is at, advancing {@code index[0]}. */
    private void readArray(JsonParser p, String file, int[] index, TranscriptSink sink) {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new IllegalStateException("unreachable: parser ended inside an array");
            JsonNode node = TreeReader.read(p);
            Exchange ex = Readers.toExchange(node, file, index[0], null, mapper, sink);
            if (ex != null) sink.exchange(ex);
            index[0]++;
        }
    }

    private boolean firstFieldIs(Path path, String field) throws IOException {
        try (InputStream in = Files.newInputStream(path); JsonParser p = mapper.createParser(in)) {
            return p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.PROPERTY_NAME
                    && field.equals(p.currentName());
        } catch (JacksonException e) {
            return false;
        }
    }
}
