package dev.phasecheck.rules.json;

import tools.jackson.databind.JsonNode;

/** What phasecheck reads off Responses items. */
public final class Items {
    private Items() {}

    public static String str(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }

    /** An item is a message when its {@code type} is {@code message}, or it has no type but a role. */
    public static boolean isMessage(JsonNode item) {
        if (item == null || !item.isObject()) return false;
        JsonNode type = item.get("type");
        if (type == null || type.isNull()) return item.has("role");
        return type.isString() && "message".equals(type.asString());
    }

    public static String role(JsonNode item) {
        return str(item, "role");
    }

    public static boolean isAssistantMessage(JsonNode item) {
        return isMessage(item) && "assistant".equals(role(item));
    }

    /** True when the item has a {@code phase} key (whatever its value). */
    public static boolean hasPhaseKey(JsonNode item) {
        return item != null && item.isObject() && item.has("phase");
    }

    /** The phase as a string, or null when the key is absent, null, or not a string. */
    public static String phase(JsonNode item) {
        return str(item, "phase");
    }

    /** The phase value for evidence: the node as sent, or null when the key is absent. */
    public static JsonNode phaseNode(JsonNode item) {
        return item == null ? null : item.get("phase");
    }

    /** True for a phase value that is present and not null. */
    public static boolean hasPhase(JsonNode item) {
        JsonNode p = phaseNode(item);
        return p != null && !p.isNull();
    }

    /**
     * The message text: the concatenation of its {@code output_text} parts' {@code text}, or the
     * {@code content} string. Other part types (refusal, input_text, …) contribute nothing.
     */
    public static String text(JsonNode message) {
        JsonNode content = message == null ? null : message.get("content");
        if (content == null) return "";
        if (content.isString()) return content.asString();
        if (!content.isArray()) return "";
        if (content.size() == 1) return partText(content.get(0));
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) sb.append(partText(part));
        return sb.toString();
    }

    /** Any message's text: the string content, or every part's {@code text} (input or output). */
    public static String textOrInput(JsonNode message) {
        JsonNode content = message == null ? null : message.get("content");
        if (content == null) return "";
        if (content.isString()) return content.asString();
        if (!content.isArray()) return "";
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            JsonNode t = part == null ? null : part.get("text");
            if (t != null && t.isString()) sb.append(t.asString());
        }
        return sb.toString();
    }

    private static String partText(JsonNode part) {
        if (part == null || !part.isObject()) return "";
        JsonNode type = part.get("type");
        if (type != null && type.isString() && "output_text".equals(type.asString())) {
            JsonNode t = part.get("text");
            return t != null && t.isString() ? t.asString() : "";
        }
        return "";
    }

    /** A short quotation of a text for messages. */
    public static String preview(String text) {
        String t = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ");
        return t.length() <= 60 ? "\"" + t + "\"" : "\"" + t.substring(0, 57) + "...\"";
    }

    /** A compact JSON rendering of a value for messages ({@code (absent)} for a missing key). */
    public static String show(JsonNode value) {
        if (value == null || value.isMissingNode()) return "(absent)";
        String s = value.toString();
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * A 64-bit hash of {@code s[from, to)}: the 32-bit polynomial of {@link String#hashCode} (so a
     * whole string reuses its cached hash) beside a second 32-bit hash over every fourth char, mixed
     * with the length. Equal texts always hash equal; different texts collide only if all three agree.
     */
    public static long hash(CharSequence s, int from, int to) {
        int h1;
        if (from == 0 && to == s.length() && s instanceof String str) {
            h1 = str.hashCode();
        } else {
            h1 = 0;
            for (int i = from; i < to; i++) h1 = 31 * h1 + s.charAt(i);
        }
        int h2 = 0x811c9dc5;
        for (int i = from; i < to; i += 4) h2 = (h2 ^ s.charAt(i)) * 0x01000193;
        return ((long) h1 << 32) ^ (h2 & 0xffffffffL) ^ ((long) (to - from) * 0x9E3779B97F4A7C15L);
    }

    public static long hash(CharSequence s) {
        return hash(s, 0, s.length());
    }
}
