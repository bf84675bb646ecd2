package dev.phasecheck.reports;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps secrets out of reports: API keys ({@code sk-…}, {@code sk-proj-…}, {@code sk-or-…}),
 * bearer tokens, and the values of fields named like credentials ({@code authorization},
 * {@code api-key}, {@code x-api-key}, …), wherever they appear in transcript text.
 */
public final class Redactor {
    private Redactor() {}

    public static final String MARK = "[REDACTED]";

    private static final Pattern KEY = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{8,}");
    // credentials are long: 16+ token characters, so that prose ("a basic example") is left alone
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=\\-]{16,}");
    private static final Pattern HEADER = Pattern.compile(
            "(?i)\\b(authorization|proxy-authorization|x-api-key|api-key|api_key|apikey|openai-api-key)(\"?\\s*[:=]\\s*\"?)([^\"\\s,}]+)");
    private static final Set<String> SECRET_FIELDS = Set.of("authorization", "proxy-authorization", "x-api-key", "api-key",
            "api_key", "apikey", "openai_api_key", "openai-api-key", "password", "secret", "token", "access_token");

    /** The text with secrets replaced. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) return s;
        String out = s;
        if (out.contains("sk-")) out = KEY.matcher(out).replaceAll("sk-" + MARK);
        String low = out.toLowerCase(Locale.ROOT);
        if (low.contains("bearer") || low.contains("basic")) {
            out = BEARER.matcher(out).replaceAll("$1 " + MARK);
        }
        String lower = out.toLowerCase(Locale.ROOT);
        if (lower.contains("auth") || lower.contains("key")) out = HEADER.matcher(out).replaceAll("$1$2" + MARK);
        return out;
    }

    /** A copy of the JSON value with secrets replaced (credential-named fields, and key patterns in strings). */
    public static JsonNode json(JsonNode n) {
        if (n == null) return null;
        if (n.isString()) {
            String r = text(n.asString());
            return r.equals(n.asString()) ? n : tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(r);
        }
        if (n.isObject()) {
            ObjectNode copy = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                boolean secret = SECRET_FIELDS.contains(e.getKey().toLowerCase(Locale.ROOT));
                copy.set(e.getKey(), secret && e.getValue().isString()
                        ? tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(MARK) : json(e.getValue()));
            }
            return copy;
        }
        if (n.isArray()) {
            var copy = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (JsonNode c : n) copy.add(json(c));
            return copy;
        }
        return n;
    }
}
