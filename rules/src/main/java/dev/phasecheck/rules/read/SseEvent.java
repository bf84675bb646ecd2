package dev.phasecheck.rules.read;

import tools.jackson.databind.JsonNode;

/**
 * One server-sent event of a streamed response.
 *
 * @param index   0-based position among the stream's events
 * @param event   the {@code event:} field, or null
 * @param rawData the {@code data:} lines joined with newlines
 * @param data    the data parsed as JSON, or null when it is not JSON (or the {@code [DONE]} sentinel)
 */
public record SseEvent(int index, String event, String rawData, JsonNode data) {

    /** The event's type: {@code data.type}, else the {@code event:} field. */
    public String type() {
        if (data != null && data.isObject()) {
            JsonNode t = data.get("type");
            if (t != null && t.isString()) return t.asString();
        }
        return event;
    }

    public boolean isDoneSentinel() {
        return "[DONE]".equals(rawData == null ? null : rawData.trim());
    }
}
