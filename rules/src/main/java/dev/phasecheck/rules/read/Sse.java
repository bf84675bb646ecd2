package dev.phasecheck.rules.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Splits a {@code text/event-stream} body into events (WHATWG event-stream rules, simplified). */
public final class Sse {
    private Sse() {}

    /**
     * Event types whose data phasecheck reads. Other events named by an {@code event:} line (text
     * deltas, content parts, tool progress) are only checked to be JSON, without building a tree.
     */
    static final Set<String> READ_TYPES = Set.of("response.created", "response.queued",
            "response.in_progress", "response.completed", "response.incomplete", "response.failed",
            "response.output_item.added", "response.output_item.done", "error");

    /** A data payload that is not JSON, found while parsing. */
    public record BadData(int eventIndex, String message) {}

    public record Parsed(List<SseEvent> events, List<BadData> problems) {}

    public static Parsed parse(String body, ObjectMapper mapper) {
        List<SseEvent> events = new ArrayList<>();
        List<BadData> problems = new ArrayList<>();
        List<Integer> unread = new ArrayList<>(); // events whose data is only syntax-checked
        String event = null;
        StringBuilder data = null;
        int n = body.length();
        int pos = 0;
        while (pos <= n) {
            int end = pos;
            while (end < n) {
                char c = body.charAt(end);
                if (c == '\n' || c == '\r') break;
                end++;
            }
            int next = end + 1;
            if (end < n && body.charAt(end) == '\r' && next < n && body.charAt(next) == '\n') next++;
            if (end == pos) { // blank line: dispatch
                if (data != null || event != null) dispatch(events, problems, unread, event, data, mapper);
                event = null;
                data = null;
            } else if (body.charAt(pos) != ':') { // ':' starts a comment (keep-alive)
                int colon = body.indexOf(':', pos);
                if (colon < 0 || colon > end) colon = end;
                int vs = colon < end ? colon + 1 : end;
                if (vs < end && body.charAt(vs) == ' ') vs++;
                if (colon - pos == 5 && body.startsWith("event", pos)) {
                    event = body.substring(vs, end);
                } else if (colon - pos == 4 && body.startsWith("data", pos)) {
                    if (data == null) data = new StringBuilder(end - vs).append(body, vs, end);
                    else data.append('\n').append(body, vs, end);
                } // id:, retry: and unknown fields are ignored
            }
            pos = next;
        }
        if (data != null || event != null) dispatch(events, problems, unread, event, data, mapper);
        checkUnread(events, unread, problems, mapper);
        problems.sort((a, b) -> Integer.compare(a.eventIndex(), b.eventIndex()));
        return new Parsed(events, problems);
    }

    private static void dispatch(List<SseEvent> events, List<BadData> problems, List<Integer> unread, String event,
                                 StringBuilder dataBuf, ObjectMapper mapper) {
        int index = events.size();
        String raw = dataBuf == null ? null : dataBuf.toString();
        JsonNode parsed = null;
        if (raw != null && !raw.isBlank() && !"[DONE]".equals(raw.trim())) {
            if (event != null && !READ_TYPES.contains(event)) {
                unread.add(index);
                events.add(new SseEvent(index, event, raw, null));
                return;
            }
            try {
                parsed = TreeReader.parse(mapper, raw);
                if (!parsed.isObject()) {
                    problems.add(new BadData(index, "event data is JSON but not an object"));
                }
            } catch (JacksonException | IllegalStateException e) {
                problems.add(new BadData(index, "event data is not JSON: " + Readers.describe(e)));
                parsed = null;
            }
        }
        events.add(new SseEvent(index, event, raw, parsed));
    }

    /**
     * Checks that each unread event's data is one JSON object: all of them with one parser over
     * their concatenation, and only when that fails, one by one to say which.
     */
    private static void checkUnread(List<SseEvent> events, List<Integer> unread, List<BadData> problems,
                                    ObjectMapper mapper) {
        if (unread.isEmpty()) return;
        StringBuilder all = new StringBuilder();
        for (int i : unread) all.append(events.get(i).rawData()).append('\n');
        if (countObjects(all.toString(), mapper) == unread.size()) return;
        for (int i : unread) {
            String problem = syntaxProblem(events.get(i).rawData(), mapper);
            if (problem != null) problems.add(new BadData(i, "event data is not JSON: " + problem));
        }
    }

    /** The number of top-level JSON objects in {@code text}, or -1 when it is anything else. */
    private static int countObjects(String text, ObjectMapper mapper) {
        int count = 0;
        try (JsonParser p = mapper.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) return -1;
                p.skipChildren();
                count++;
            }
            return count;
        } catch (JacksonException e) {
            return -1;
        }
    }

    /** Null when {@code raw} is one JSON object; else what is wrong with it. */
    private static String syntaxProblem(String raw, ObjectMapper mapper) {
        try (JsonParser p = mapper.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return "not a JSON object";
            p.skipChildren();
            if (p.nextToken() != null) return "unexpected content after the JSON object";
            return null;
        } catch (JacksonException e) {
            return Readers.describe(e);
        }
    }
}
