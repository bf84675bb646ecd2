package dev.phasecheck.rules.check;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A fingerprint of the part of a JSON value that can change its validity under phasecheck's
 * schemas. The schemas constrain string <em>content</em> only through a few keywords ({@code enum},
 * {@code const}, {@code pattern}, lengths, {@code format}) on a few property names ({@code type},
 * {@code role}, …); every other string is valid whatever it says. So strings under other names are
 * fingerprinted as just "a string": two items that differ only in free text (or in a 10 KB
 * {@code encrypted_content}) have one fingerprint, and the second is known valid without
 * validating it again. The names are read from the schemas themselves, so the fingerprint stays
 * sound when a schema changes.
 */
final class SchemaShape {
    private static final Set<String> VALUE_KEYWORDS = Set.of("enum", "const", "pattern", "minLength", "maxLength",
            "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");

    private final Set<String> valueSensitive;
    private final Map<String, JsonNode> documents;

    /** @param documents the schema documents by file name (for resolving {@code $ref}) */
    SchemaShape(Map<String, JsonNode> documents) {
        this.documents = Map.copyOf(documents);
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, JsonNode> d : documents.entrySet()) collect(d.getValue(), d.getKey(), names);
        this.valueSensitive = Set.copyOf(names);
    }

    Set<String> valueSensitiveNames() {
        return valueSensitive;
    }

    /** Adds every property name whose subschema, anywhere, constrains a scalar value (not just its type). */
    private void collect(JsonNode schema, String doc, Set<String> names) {
        if (schema == null) return;
        if (schema.isObject()) {
            JsonNode props = schema.get("properties");
            if (props != null && props.isObject()) {
                for (Map.Entry<String, JsonNode> e : props.properties()) {
                    if (constrainsValue(e.getValue(), doc, new HashSet<>())) names.add(e.getKey());
                }
            }
            for (Map.Entry<String, JsonNode> e : schema.properties()) collect(e.getValue(), doc, names);
        } else if (schema.isArray()) {
            for (JsonNode c : schema) collect(c, doc, names);
        }
    }

    /**
     * Whether a schema constrains a string or number value beyond its type: a value keyword on
     * it, behind a {@code $ref}, in a combinator, or on array items (for arrays of scalars).
     * Keywords under {@code properties} apply to an object's children, which have names of their own.
     */
    private boolean constrainsValue(JsonNode sub, String doc, Set<String> seen) {
        if (sub == null || !sub.isObject()) return false;
        for (String k : VALUE_KEYWORDS) {
            if (sub.has(k)) return true;
        }
        JsonNode ref = sub.get("$ref");
        if (ref != null && ref.isString()) {
            String r = ref.asString();
            int hash = r.indexOf('#');
            String file = hash > 0 ? r.substring(0, hash) : hash == 0 ? doc : r;
            String pointer = hash >= 0 ? r.substring(hash + 1) : "";
            JsonNode target = documents.containsKey(file) ? documents.get(file).at(pointer) : null;
            if (target == null || target.isMissingNode()) return true; // unknown: be safe
            if (seen.add(file + "#" + pointer) && constrainsValue(target, file, seen)) return true;
        }
        for (String k : new String[] {"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "items", "prefixItems",
                "contains"}) {
            JsonNode c = sub.get(k);
            if (c == null) continue;
            if (c.isArray()) {
                for (JsonNode x : c) if (constrainsValue(x, doc, seen)) return true;
            } else if (constrainsValue(c, doc, seen)) {
                return true;
            }
        }
        return false;
    }

    long fingerprint(JsonNode n) {
        return fingerprint(n, true);
    }

    private long fingerprint(JsonNode n, boolean valueMatters) {
        if (n == null) return 0;
        if (n.isObject()) {
            long h = 0x51ed27a3L;
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                String k = e.getKey();
                h = h * 0x100000001b3L + (k.hashCode() ^ Long.rotateLeft(fingerprint(e.getValue(), valueSensitive.contains(k)), 17));
            }
            return h;
        }
        if (n.isArray()) {
            long h = 0x2545F491L;
            for (JsonNode c : n) h = h * 0x9E3779B97F4A7C15L + fingerprint(c, valueMatters);
            return h ^ n.size();
        }
        if (n.isString()) {
            if (!valueMatters) return 0x5bd1e995L;
            String v = n.asString();
            return ((long) v.hashCode() << 32 | v.length()) ^ 0x6a09e667L;
        }
        if (n.isNumber() && !valueMatters) return n.isIntegralNumber() ? 0x3c6ef372L : 0xa54ff53aL; // "integer" vs "number"
        // booleans, null, and values that a keyword constrains: hash them whole
        return (long) n.getNodeType().ordinal() << 56 ^ n.toString().hashCode();
    }
}
