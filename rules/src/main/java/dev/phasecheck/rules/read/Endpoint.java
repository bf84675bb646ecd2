package dev.phasecheck.rules.read;

import java.net.URI;
import tools.jackson.databind.JsonNode;

/** Which API an exchange talks to. */
public enum Endpoint {
    RESPONSES, CHAT_COMPLETIONS, OTHER;

    /**
     * From the URL path when it names an endpoint ({@code …/responses}, {@code …/responses/compact},
     * {@code …/responses/{id}}, {@code …/chat/completions}), else from the request body: a request
     * with {@code input} is a Responses request, one with {@code messages} is Chat Completions.
     */
    public static Endpoint infer(String url, JsonNode request) {
        if (url != null) {
            String path = path(url);
            if (path.endsWith("/chat/completions")) return CHAT_COMPLETIONS;
            if (path.endsWith("/responses") || path.endsWith("/responses/compact") || responseId(path) != null) {
                return RESPONSES;
            }
        }
        if (request != null && request.isObject()) {
            if (request.has("input")) return RESPONSES;
            if (request.has("messages")) return CHAT_COMPLETIONS;
        }
        return OTHER;
    }

    /**
     * Whether a recorded HTTP request is an exchange phasecheck reads (the rule of HAR entries and
     * recordings, transcript-format §3a/§3b): POST to a path ending in {@code /responses},
     * {@code /responses/compact} or {@code /chat/completions}, or GET {@code …/responses/{id}}.
     */
    public static boolean isExchange(String method, String url) {
        if (method == null || url == null) return false;
        String path = path(url);
        if ("POST".equalsIgnoreCase(method)) {
            return path.endsWith("/responses") || path.endsWith("/responses/compact") || path.endsWith("/chat/completions");
        }
        return "GET".equalsIgnoreCase(method) && responseId(path) != null;
    }

    /**
     * The endpoint a POST to this URL creates a model response on: {@code …/responses} or
     * {@code …/chat/completions} (query, fragment and trailing slashes aside); anything else,
     * {@code …/responses/compact} included, is {@code OTHER}.
     */
    public static Endpoint creating(String url) {
        if (url == null) return OTHER;
        String path = path(url);
        if (path.endsWith("/responses")) return RESPONSES;
        if (path.endsWith("/chat/completions")) return CHAT_COMPLETIONS;
        return OTHER;
    }

    /** True for a GET of a stored response: its exchange has an empty request (§3b). */
    public static boolean isRetrieval(String method, String url) {
        return method != null && url != null && "GET".equalsIgnoreCase(method) && responseId(path(url)) != null;
    }

    /** The {@code {id}} of a path ending in {@code /responses/{id}}, else null. */
    static String responseId(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) return null;
        String id = path.substring(slash + 1);
        if (id.isEmpty() || id.equals("compact") || !path.substring(0, slash).endsWith("/responses")) return null;
        return id;
    }

    /** The path of a URL or path, without query, fragment or trailing slashes. */
    public static String path(String url) {
        String path;
        try {
            path = URI.create(url.trim()).getRawPath();
        } catch (IllegalArgumentException e) {
            path = null;
        }
        if (path == null) {
            path = url.trim();
            int q = path.indexOf('?');
            if (q >= 0) path = path.substring(0, q);
            int h = path.indexOf('#');
            if (h >= 0) path = path.substring(0, h);
        }
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return path;
    }
}
