package dev.phasecheck.rules.read;

import tools.jackson.databind.JsonNode;

/** Which API an exchange talks to. */
public enum Endpoint {
    RESPONSES, CHAT_COMPLETIONS, OTHER;

    /**
     * From the URL path when it names an endpoint, else from the request body: a request with
     * {@code input} is a Responses request, one with {@code messages} is Chat Completions.
     */
    public static Endpoint infer(String url, JsonNode request) {
        if (url != null) {
            String path = url;
            int q = path.indexOf('?');
            if (q >= 0) path = path.substring(0, q);
            while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
            if (path.endsWith("/chat/completions")) return CHAT_COMPLETIONS;
            if (path.endsWith("/responses")) return RESPONSES;
        }
        if (request != null && request.isObject()) {
            if (request.has("input")) return RESPONSES;
            if (request.has("messages")) return CHAT_COMPLETIONS;
        }
        return OTHER;
    }
}
