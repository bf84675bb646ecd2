package dev.phasecheck.rules.read;

import java.util.ArrayDeque;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a JSON tree straight from the streaming parser, without recursion. String values of a
 * few fields that no rule reads (opaque blobs such as {@code encrypted_content}, tool-call
 * {@code arguments} and tool {@code output}) are skipped undecoded — the bulk of agent traffic —
 * and stand in the tree as {@link #SKIPPED}: still a string, which is all the schemas ask of them.
 */
public final class TreeReader {
    /** What a skipped string value reads as. */
    public static final String SKIPPED = "\u2026";

    /** Fields whose string values are not read. */
    public static final Set<String> SKIPPED_STRING_FIELDS = Set.of("encrypted_content", "arguments", "output");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TreeReader() {}

    /** Parses a whole document: exactly one JSON value. */
    public static JsonNode parse(tools.jackson.databind.ObjectMapper mapper, String text) {
        try (JsonParser p = mapper.createParser(text)) {
            return readDocument(p, null);
        }
    }

    /** Parses a whole document from bytes: exactly one JSON value. */
    public static JsonNode parse(tools.jackson.databind.ObjectMapper mapper, byte[] b, int off, int len) {
        try (JsonParser p = mapper.createParser(b, off, len)) {
            return readDocument(p, null);
        }
    }

    /**
     * Parses one exchange object; the string value of its top-level {@code response_sse} field, if
     * any, is streamed out of the parser into an event-stream parser instead of being decoded whole
     * (a stream may hold a million events), and stands in the tree as {@link #SKIPPED}.
     */
    public static Line parseExchange(tools.jackson.databind.ObjectMapper mapper, java.io.InputStream in) {
        try (JsonParser p = mapper.createParser(in)) {
            return parseExchange(mapper, p);
        }
    }

    /** As {@link #parseExchange(tools.jackson.databind.ObjectMapper, java.io.InputStream)}, from bytes. */
    public static Line parseExchange(tools.jackson.databind.ObjectMapper mapper, byte[] b, int off, int len) {
        try (JsonParser p = mapper.createParser(b, off, len)) {
            return parseExchange(mapper, p);
        }
    }

    private static Line parseExchange(tools.jackson.databind.ObjectMapper mapper, JsonParser p) {
        {
            Sse[] sse = new Sse[1];
            JsonNode node = readDocument(p, (name, parser) -> {
                if (!"response_sse".equals(name) || sse[0] != null) return false;
                sse[0] = new Sse(mapper);
                parser.readString(sse[0]);
                return true;
            });
            return new Line(node, sse[0] == null ? null : sse[0].finish());
        }
    }

    /** An exchange object and, when it had a {@code response_sse} string, its parsed events. */
    public record Line(JsonNode node, Sse.Parsed sse) {}

    /** Takes over the string value of a top-level field; returns false to leave it to the tree. */
    interface TopLevelStrings {
        boolean take(String name, JsonParser p);
    }

    private static JsonNode readDocument(JsonParser p, TopLevelStrings strings) {
        if (p.nextToken() == null) throw new IllegalStateException("no JSON value");
        JsonNode node = read(p, strings);
        if (p.nextToken() != null) throw new IllegalStateException("unexpected content after the JSON value");
        return node;
    }

    /** Reads the value at the parser's current token (which must be set). */
    public static JsonNode read(JsonParser p) {
        return read(p, null);
    }

    private static JsonNode read(JsonParser p, TopLevelStrings strings) {
        JsonToken t = p.currentToken();
        if (t == null) throw new IllegalStateException("no JSON value");
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) return scalar(p, t, false);
        ArrayDeque<ContainerNode<?>> stack = new ArrayDeque<>();
        ContainerNode<?> root = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
        ContainerNode<?> current = root;
        String name = null;
        while (true) {
            t = p.nextToken();
            if (t == null) throw new IllegalStateException("unexpected end of input inside a JSON value");
            switch (t) {
                case PROPERTY_NAME -> name = p.currentName();
                case START_OBJECT, START_ARRAY -> {
                    ContainerNode<?> child = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                    add(current, name, child);
                    stack.push(current);
                    current = child;
                }
                case END_OBJECT, END_ARRAY -> {
                    if (stack.isEmpty()) return root;
                    current = stack.pop();
                }
                default -> {
                    if (strings != null && t == JsonToken.VALUE_STRING && current == root && root.isObject()
                            && strings.take(name, p)) {
                        add(current, name, NODES.stringNode(SKIPPED));
                    } else {
                        add(current, name, scalar(p, t, current.isObject() && SKIPPED_STRING_FIELDS.contains(name)));
                    }
                }
            }
        }
    }

    /** Adds a value to an object (under its name) or to an array. */
    static void add(ContainerNode<?> container, String name, JsonNode value) {
        if (container instanceof ObjectNode o) o.set(name, value);
        else ((ArrayNode) container).add(value);
    }

    /** The scalar at the parser's token (a skipped string becomes {@link #SKIPPED}). */
    static JsonNode scalar(JsonParser p, JsonToken t, boolean skipString) {
        return switch (t) {
            case VALUE_STRING -> NODES.stringNode(skipString ? SKIPPED : p.getString());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("unexpected token " + t);
        };
    }
}
