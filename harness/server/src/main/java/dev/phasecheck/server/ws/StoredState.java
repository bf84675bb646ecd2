package dev.phasecheck.server.ws;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the server keeps of the responses it created, as the real API keeps it: a response
 * created with {@code "store": false} is not kept, so a later request whose
 * {@code previous_response_id} names it, or whose input holds an {@code item_reference} to one of
 * its output items, is refused (HTTP 400, {@code invalid_request_error}) — except on the
 * WebSocket connection that created it, which keeps its own responses in memory.
 *
 * <p>Not thread-safe: the simulator calls it under its own lock.
 */
public final class StoredState {
    /** Why a request was refused: the real API's message, its {@code param} and {@code code}. */
    public record Rejection(String message, String param, String code) {}

    private record Unstored(String responseId, String connection) {}

    private final Map<String, Unstored> responses = new HashMap<>();
    private final Map<String, Unstored> items = new HashMap<>();

    /**
     * Notes a response the server gave.
     *
     * @param request    the request it answered (its {@code store}, default true)
     * @param response   the Responses object ({@code id}, {@code output[].id})
     * @param connection the WebSocket connection it was created on, or null over HTTP
     */
    public void remember(JsonNode request, JsonNode response, String connection) {
        JsonNode store = request.get("store");
        if (store == null || !store.isBoolean() || store.asBoolean()) return; // stored: any request may continue it
        String id = response.path("id").asString(null);
        if (id == null) return;
        Unstored u = new Unstored(id, connection);
        responses.put(id, u);
        for (JsonNode item : response.path("output")) {
            String itemId = item.path("id").asString(null);
            if (itemId != null) items.put(itemId, u);
        }
    }

    /**
     * Whether the server can answer the request, checked before it answers the turn.
     *
     * @param connection the WebSocket connection the request came on, or null over HTTP
     * @return null when it can; else the rejection to answer with HTTP 400
     */
    public Rejection check(JsonNode request, String connection) {
        JsonNode previous = request.get("previous_response_id");
        if (previous != null && previous.isString()) {
            Unstored u = responses.get(previous.asString());
            if (u != null && !sameConnection(u, connection)) {
                return new Rejection("Previous response with id '" + previous.asString() + "' not found.",
                        "previous_response_id", "previous_response_not_found");
            }
        }
        JsonNode input = request.get("input");
        if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                if (!"item_reference".equals(item.path("type").asString(null))) continue;
                String id = item.path("id").asString(null);
                Unstored u = id == null ? null : items.get(id);
                if (u != null && !sameConnection(u, connection)) {
                    return new Rejection("Item with id '" + id + "' not found. Items are not persisted when `store` is set to "
                            + "false. Try again with `store` set to true, or remove this item from your input.", "input", null);
                }
            }
        }
        return null;
    }

    private static boolean sameConnection(Unstored u, String connection) {
        return u.connection() != null && u.connection().equals(connection);
    }
}
