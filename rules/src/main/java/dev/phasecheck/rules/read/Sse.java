package dev.phasecheck.rules.read;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Splits a {@code text/event-stream} body into events (WHATWG event-stream rules, simplified). */
public final class Sse {
    private Sse() {}

    /**
     * Event types whose data phasecheck reads. Other events named by an {@code event:} line (text
     * deltas, content parts, tool progress) are only checked to be JSON, without building a tree.
     */
    static final java.util.Set<String> READ_TYPES = java.util.Set.of("response.created", "response.queued",
            "response.in_progress", "response.completed", "response.incomplete", "response.failed",
            "response.output_item.added", "response.output_item.done", "error");

    /** A data payload that is not JSON, found while parsing. */
    public record BadData(int eventIndex, String message) {}

    public record Parsed(List<SseEvent> events, List<BadData> problems) {}

    public static Parsed parse(String body, ObjectMapper mapper) {
        List<SseEvent> events = new ArrayList<>();
        List<BadData> problems = new ArrayList<>();
        String event = null;
        StringBuilder data = null;
        int n = body.length();
        int pos = 0;
        while (pos <= n) {
            int end = pos;
            while (end < n && body.charAt(end) != '\n' && body.charAt(end) != '\r') end++;
            String line = body.substring(pos, end);
            if (end < n && body.charAt(end) == '\r' && end + 1 < n && body.charAt(end + 1) == '\n') end++;
            pos = end + 1;
            if (line.isEmpty()) {
                if (data != null || event != null) {
                    dispatch(events, problems, event, data, mapper);
                }
                event = null;
                data = null;
                continue;
            }
            if (line.charAt(0) == ':') continue; // comment / keep-alive
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                }
                default -> { } // id:, retry: and unknown fields are ignored
            }
        }
        if (data != null || event != null) dispatch(events, problems, event, data, mapper);
        return new Parsed(events, problems);
    }

    /** Null when {@code raw} is one JSON object; else what is wrong with it. */
    private static String syntaxProblem(String raw, ObjectMapper mapper) {
        try (tools.jackson.core.JsonParser p = mapper.createParser(raw)) {
            if (p.nextToken() != tools.jackson.core.JsonToken.START_OBJECT) return "not a JSON object";
            p.skipChildren();
            if (p.nextToken() != null) return "unexpected content after the JSON object";
            return null;
        } catch (JacksonException e) {
            return Readers.describe(e);
        }
    }

    private static void dispatch(List<SseEvent> events, List<BadData> problems, String event,
                                 StringBuilder dataBuf, ObjectMapper mapper) {
        int index = events.size();
        String raw = dataBuf == null ? null : dataBuf.toString();
        JsonNode parsed = null;
        if (raw != null && !raw.isBlank() && !"[DONE]".equals(raw.trim())) {
            if (event != null && !READ_TYPES.contains(event)) {
                String problem = syntaxProblem(raw, mapper);
                if (problem != null) problems.add(new BadData(index, "event data is not JSON: " + problem));
                events.add(new SseEvent(index, event, raw, null));
                return;
            }
            try {
                parsed = TreeReader.parse(mapper, raw);
                if (!parsed.isObject()) {
                    problems.add(new BadData(index, "event data is JSON but not an object"));
                }
            } catch (JacksonException | IllegalStateException e) {
                problems.add(new BadData(index, "event data is not JSON: "
                        + Readers.describe(e)));
                parsed = null;
            }
        }
        events.add(new SseEvent(index, event, raw, parsed));
    }
}
