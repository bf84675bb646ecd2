package dev.phasecheck.rules.read;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * YAML for recordings, read safely.
 *
 * <ul>
 *   <li>No type is ever constructed: Jackson's YAML parser works on snakeyaml-engine's event
 *       stream, below its composer and constructors, so a tag such as {@code !!python/object} only
 *       names a type id that nothing reads; the value stays a plain string.</li>
 *   <li>{@code !!binary} works: for a scalar tagged {@code tag:yaml.org,2002:binary} the parser
 *       base64-decodes the text itself and reports {@link JsonToken#VALUE_EMBEDDED_OBJECT} with
 *       the bytes as the embedded object, which becomes a binary node here.</li>
 *   <li>Aliases are not expanded by the parser (it reports an alias as a string token), so a
 *       "billion laughs" document cannot blow up there; this reader resolves {@code *alias} to a
 *       copy of its anchored value itself (PyYAML writes anchors for objects it dumps twice, such
 *       as shared header lists or history items resent in {@code parsed_body}), within a budget of
 *       copied nodes per interaction, past which the document is refused. The engine's own
 *       alias limit is set too ({@link LoadSettings#getMaxAliasesForCollections()}), for any
 *       future composer-level use.</li>
 *   <li>A document is read as a stream of events, never whole; its size is bounded by the
 *       engine's code-point limit, and a larger document fails with a clear "too large".</li>
 * </ul>
 */
public final class YamlTree {
    /** The largest YAML document read, in code points (a 100 MB cassette streams well within it). */
    public static final int MAX_CODE_POINTS = 256 * 1024 * 1024;
    /** Aliases the engine may expand for collections (when composing; the parser never does). */
    static final int MAX_ALIASES = 50;
    /** Nodes copied by resolving aliases, per interaction (each interaction's tree is dropped once read). */
    static final int MAX_ALIAS_NODES = 1_000_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTree() {}

    /** A YAML mapper with the bounds above ({@code codePoints} lets tests use a small limit). */
    public static ObjectMapper newMapper(int codePoints) {
        LoadSettings settings = LoadSettings.builder()
                .setCodePointLimit(codePoints)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setAllowDuplicateKeys(true)
                .build();
        YAMLFactory factory = YAMLFactory.builder()
                .loadSettings(settings)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Readers.MAX_NESTING)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxDocumentLength(-1)
                        .maxNameLength(1_000_000)
                        .build())
                .build();
        return YAMLMapper.builder(factory).build();
    }

    public static ObjectMapper newMapper() {
        return newMapper(MAX_CODE_POINTS);
    }

    /** Anchors seen so far in one document, and what copying their aliases has cost. */
    public static final class Anchors {
        private final Map<String, JsonNode> nodes = new HashMap<>();
        private final Map<String, Integer> sizes = new HashMap<>();
        private long copied;

        /** Starts the copy budget afresh (for the next interaction; anchors stay visible). */
        public void newBudget() {
            copied = 0;
        }
    }

    /**
     * Reads the value at the parser's current token, without recursion: like {@link TreeReader}
     * (the same opaque fields skipped), plus binary scalars, anchors and aliases for YAML.
     */
    public static JsonNode read(JsonParser p, Anchors anchors) {
        JsonToken t = p.currentToken();
        if (t == null) throw new IllegalStateException("no value");
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            JsonNode v = scalar(p, t, false, anchors);
            anchor(p, v, anchors, 1);
            return v;
        }
        ArrayDeque<ContainerNode<?>> stack = new ArrayDeque<>();
        ArrayDeque<String> anchorStack = new ArrayDeque<>();
        ArrayDeque<String> names = new ArrayDeque<>();
        ContainerNode<?> root = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
        String rootAnchor = anchorOf(p);
        ContainerNode<?> current = root;
        String currentAnchor = rootAnchor;
        String name = null;
        while (true) {
            t = p.nextToken();
            if (t == null) throw new IllegalStateException("unexpected end of input inside a YAML value");
            switch (t) {
                case PROPERTY_NAME -> name = p.currentName();
                case START_OBJECT, START_ARRAY -> {
                    ContainerNode<?> child = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                    TreeReader.add(current, name, child);
                    stack.push(current);
                    anchorStack.push(currentAnchor == null ? "" : currentAnchor);
                    names.push(name == null ? "" : name);
                    current = child;
                    currentAnchor = anchorOf(p);
                    name = null;
                }
                case END_OBJECT, END_ARRAY -> {
                    if (currentAnchor != null) anchor(currentAnchor, current, anchors);
                    if (stack.isEmpty()) return root;
                    current = stack.pop();
                    String a = anchorStack.pop();
                    currentAnchor = a.isEmpty() ? null : a;
                    String n = names.pop();
                    name = n.isEmpty() ? null : n;
                }
                default -> {
                    JsonNode v = scalar(p, t, current.isObject() && TreeReader.SKIPPED_STRING_FIELDS.contains(name), anchors);
                    anchor(p, v, anchors, 1);
                    TreeReader.add(current, name, v);
                }
            }
        }
    }

    private static String anchorOf(JsonParser p) {
        Object id = p.getObjectId();
        return id == null ? null : id.toString();
    }

    private static void anchor(JsonParser p, JsonNode v, Anchors anchors, int size) {
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) return;
        String a = anchorOf(p);
        if (a != null) {
            anchors.nodes.put(a, v);
            anchors.sizes.put(a, size);
        }
    }

    private static void anchor(String name, JsonNode v, Anchors anchors) {
        anchors.nodes.put(name, v);
        anchors.sizes.put(name, count(v));
    }

    private static int count(JsonNode n) {
        int c = 0;
        ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        todo.push(n);
        while (!todo.isEmpty()) {
            JsonNode x = todo.pop();
            c++;
            if (x.isContainer()) for (JsonNode k : x.values()) todo.push(k);
            if (c > MAX_ALIAS_NODES) return c;
        }
        return c;
    }

    private static JsonNode scalar(JsonParser p, JsonToken t, boolean skipString, Anchors anchors) {
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
            String alias = p.getString();
            JsonNode target = anchors.nodes.get(alias);
            if (target == null) throw new IllegalStateException("YAML alias *" + alias + " names no earlier anchor");
            anchors.copied += anchors.sizes.getOrDefault(alias, 1);
            if (anchors.copied > MAX_ALIAS_NODES) {
                throw new IllegalStateException("YAML aliases expand to over " + MAX_ALIAS_NODES
                        + " nodes in one interaction; the document is refused (an alias bomb?)");
            }
            return target.deepCopy();
        }
        if (t == JsonToken.VALUE_EMBEDDED_OBJECT) {
            Object o = p.getEmbeddedObject();
            return o instanceof byte[] b ? NODES.binaryNode(b) : NODES.stringNode(String.valueOf(o));
        }
        // Ruby's Psych writes binary strings with the local tag !binary (not !!binary), which
        // the parser leaves as text: decode it the same way
        if (t == JsonToken.VALUE_STRING && p instanceof YAMLParser yp && "!binary".equals(yp.getRawTag())) {
            try {
                return NODES.binaryNode(Bodies.base64(p.getString()));
            } catch (Bodies.DecodeException e) {
                throw new IllegalStateException("a !binary value " + e.getMessage());
            }
        }
        return TreeReader.scalar(p, t, skipString);
    }
}
