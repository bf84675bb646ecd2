package dev.phasecheck.rules.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The loop the cassette readers share: streams a YAML (or JSON) cassette's interaction array one
 * interaction at a time — never the whole document — and hands each to its format's reader.
 */
final class Cassettes {
    private Cassettes() {}

    /** One cassette format: the top-level array it keeps, and how one interaction reads. */
    interface Format {
        /** The top-level key of the interaction array. */
        String arrayField();

        /** A name for messages, e.g. "vcrpy cassette". */
        String name();

        /** Reads one interaction's fields; a {@link Recording.BadInteraction} when it has not the format's shape. */
        Recording.Interaction interaction(JsonNode node);
    }

    /** Whether a file's first bytes look like JSON (else it is read as YAML). */
    static boolean isJson(byte[] head, int n) {
        int i = Readers.skipBomAndSpace(head, n);
        return i < n && head[i] == '{';
    }

    /**
     * Reads a cassette. {@code choose} picks the format from the first interaction (vcrpy and
     * go-vcr share {@code interactions}); it is called once.
     */
    static void read(Path path, String file, String arrayField, Function<JsonNode, Format> choose, ObjectMapper json,
                     ObjectMapper yaml, TranscriptSink out) throws IOException {
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        ObjectMapper mapper = isJson(head, n) ? json : yaml;
        Recording.Located sink = new Recording.Located(out);
        int position = 0;
        int index = 0;
        boolean found = false;
        YamlTree.Anchors anchors = new YamlTree.Anchors();
        Format format = null;
        try (InputStream in = Files.newInputStream(path); JsonParser p = mapper.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                out.unreadable(null, null, "", "not a cassette: the document is " + (t == null ? "empty" : "not a mapping")
                        + ", so it has no \"" + arrayField + "\"", false);
                return;
            }
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!arrayField.equals(name) || found) {
                    p.skipChildren();
                    continue;
                }
                found = true;
                if (v == JsonToken.VALUE_NULL) continue; // an empty cassette: "interactions: null" or "[]"
                if (v != JsonToken.START_ARRAY) {
                    out.unreadable(null, null, "", "\"" + arrayField + "\" must be a list", false);
                    p.skipChildren();
                    continue;
                }
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) throw new IllegalStateException("unexpected end of input inside \"" + arrayField + "\"");
                    anchors.newBudget();
                    JsonNode node = YamlTree.read(p, anchors);
                    if (format == null) format = choose.apply(node);
                    Recording.Interaction it;
                    try {
                        if (!node.isObject()) {
                            throw new Recording.BadInteraction("", "an interaction must be a mapping, found " + Readers.kind(node));
                        }
                        it = format.interaction(node);
                    } catch (Recording.BadInteraction e) {
                        // not even its method and URL could be read: it may or may not be an exchange
                        out.unreadable(null, null, position, e.pointer, "interaction " + position + " of the "
                                + format.name() + " cannot be read: " + e.getMessage(), false);
                        position++;
                        continue;
                    }
                    if (Recording.emit(it, position, index, file, mapper, sink)) index++;
                    position++;
                }
            }
            if (!found) {
                out.unreadable(null, null, "", "not a recording phasecheck reads: no top-level \"" + arrayField
                        + "\" list (vcrpy, Ruby VCR or go-vcr cassette)", false);
            }
        } catch (JacksonException | IllegalStateException e) {
            String msg = Readers.describe(e);
            if (msg.contains("exceeds the limit") && msg.contains("code points")) {
                msg = "the cassette is too large to read as one YAML document (" + msg + ")";
            }
            out.unreadable(null, null, position, "", (format == null ? "cassette" : "the " + format.name())
                    + " will not parse at interaction " + position + ": " + msg
                    + (position > 0 ? "; the interactions before it are checked" : ""), false);
        }
    }

    /** The text of a head, for sniffing. */
    static String headText(byte[] head, int n) {
        return new String(head, 0, n, StandardCharsets.ISO_8859_1);
    }
}
