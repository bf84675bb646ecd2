package dev.phasecheck.server.ws;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the server answers one WebSocket message with: the events to send as text messages, in
 * order (each one JSON object, the same as an SSE stream's {@code data}), and how to deliver them.
 *
 * @param status                the HTTP status the answer stands for (200, or the error's status)
 * @param events                the events, each a JSON object's text
 * @param errorBody             for an error answer, the API-style error body ({@code {"error": {...}}}), else null
 * @param eventDelayMs          pacing between events
 * @param stallMs               wait before the first event
 * @param disconnectAfterEvents when at least 0: send that many events, then drop the connection
 *                              without a terminal event or a close frame; -1: send them all
 * @param fault                 the scripted fault this answer carries out, or null
 */
public record Turn(int status, List<String> events, JsonNode errorBody, int eventDelayMs, long stallMs,
                   int disconnectAfterEvents, String fault) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public Turn {
        events = List.copyOf(events);
    }

    /** No answer at all (a message that needs none). */
    public static Turn none() {
        return new Turn(200, List.of(), null, 0, 0, -1, null);
    }

    /** A streamed response: events given in SSE form ({@code event: T\ndata: JSON\n\n}), as the HTTP stream sends them. */
    public static Turn ofSse(List<String> sseEvents, int eventDelayMs) {
        List<String> data = new ArrayList<>();
        for (String e : sseEvents) {
            int at = e.indexOf("data: ");
            if (at < 0) throw new IllegalArgumentException("an SSE event without data: " + e);
            int end = e.indexOf('\n', at);
            data.add(e.substring(at + 6, end < 0 ? e.length() : end));
        }
        return new Turn(200, data, null, eventDelayMs, 0, -1, null);
    }

    /**
     * An error, sent as the real API sends it over a WebSocket: one event
     * {@code {"type": "error", "status": S, "error": {...}}}.
     */
    public static Turn error(int status, JsonNode errorBody) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", "error");
        e.put("status", status);
        e.set("error", errorBody.path("error").isObject() ? errorBody.get("error") : errorBody);
        return new Turn(status, List.of(JSON.writeValueAsString(e)), errorBody, 0, 0, -1, null);
    }

    public Turn withStallMs(long ms) {
        return new Turn(status, events, errorBody, eventDelayMs, ms, disconnectAfterEvents, fault);
    }

    /** Sends {@code n} events, then drops the connection (a scripted fault named {@code fault}). */
    public Turn withDisconnectAfterEvents(int n, String faultName) {
        return new Turn(status, events, errorBody, eventDelayMs, stallMs, n, faultName);
    }

    public Turn withFault(String faultName) {
        return new Turn(status, events, errorBody, eventDelayMs, stallMs, disconnectAfterEvents, faultName);
    }

    /** The events that are actually sent (all, or the first {@code disconnectAfterEvents}). */
    public List<String> sent() {
        return disconnectAfterEvents < 0 ? events : events.subList(0, Math.min(disconnectAfterEvents, events.size()));
    }

    /** The sent events in SSE form, for the journal's {@code response_sse}. */
    public String sse() {
        StringBuilder sb = new StringBuilder();
        for (String e : sent()) {
            String type = JSON.readTree(e).path("type").asString("message");
            sb.append("event: ").append(type).append("\ndata: ").append(e).append("\n\n");
        }
        return sb.toString();
    }
}
