package dev.phasecheck.rules.read;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Splits a {@code text/event-stream} body into events (WHATWG event-stream rules, simplified).
 * The parser is a {@link Writer}: characters can be fed as they are decoded (straight out of the
 * JSON parser, for a {@code response_sse} string of any size), so the body is never held whole.
 * Only the events a rule reads are kept with their data; the rest (text deltas, content parts,
 * tool progress) are syntax-checked in batches and kept as bare positions.
 */
public final class Sse extends Writer {

    /**
     * Event types whose data phasecheck reads. Other events named by an {@code event:} line (text
     * deltas, content parts, tool progress) are only checked to be JSON, without building a tree.
     */
    static final Set<String> READ_TYPES = Set.of("response.created", "response.queued",
            "response.in_progress", "response.completed", "response.incomplete", "response.failed",
            "response.output_item.added", "response.output_item.done", "error");

    /** How many characters of unread event data are syntax-checked at once. */
    private static final int BATCH_CHARS = 1 << 20;

    /** A data payload that is not JSON, found while parsing. */
    public record BadData(int eventIndex, String message) {}

    public record Parsed(List<SseEvent> events, List<BadData> problems, boolean blank) {}

    private final ObjectMapper mapper;
    private final List<SseEvent> events = new ArrayList<>();
    private final List<BadData> problems = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private boolean lastWasCr;
    private boolean anyNonBlank;
    private String event;
    private StringBuilder data;
    // unread events waiting for their syntax check
    private final StringBuilder batch = new StringBuilder();
    private final List<Integer> batchIndexes = new ArrayList<>();
    private final List<String> batchRaw = new ArrayList<>();
    private boolean finished;

    public Sse(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses a whole body held in memory. */
    public static Parsed parse(String body, ObjectMapper mapper) {
        Sse sse = new Sse(mapper);
        sse.write(body, 0, body.length());
        return sse.finish();
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            char c = cbuf[i];
            if (c == '\n' || c == '\r') {
                if (c == '\n' && lastWasCr && i == start && line.isEmpty()) { // the \n of a \r\n pair
                    lastWasCr = false;
                    start = i + 1;
                    continue;
                }
                line.append(cbuf, start, i - start);
                endOfLine();
                lastWasCr = c == '\r';
                start = i + 1;
            } else {
                lastWasCr = false;
            }
        }
        if (start < end) line.append(cbuf, start, end - start);
    }

    @Override
    public void write(String s, int off, int len) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\n' && lastWasCr && i == start && line.isEmpty()) {
                    lastWasCr = false;
                    start = i + 1;
                    continue;
                }
                line.append(s, start, i);
                endOfLine();
                lastWasCr = c == '\r';
                start = i + 1;
            } else {
                lastWasCr = false;
            }
        }
        if (start < end) line.append(s, start, end);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** Ends the body: dispatches what is pending and returns the events and problems. */
    public Parsed finish() {
        if (!finished) {
            finished = true;
            if (!line.isEmpty()) endOfLine();
            dispatch();
            checkBatch();
            problems.sort((a, b) -> Integer.compare(a.eventIndex(), b.eventIndex()));
        }
        return new Parsed(List.copyOf(events), List.copyOf(problems), !anyNonBlank);
    }

    private void endOfLine() {
        int n = line.length();
        if (n == 0) { // blank line: dispatch
            dispatch();
            return;
        }
        anyNonBlank = true;
        if (line.charAt(0) != ':') { // ':' starts a comment (keep-alive)
            int colon = line.indexOf(":");
            if (colon < 0) colon = n;
            int vs = colon < n ? colon + 1 : n;
            if (vs < n && line.charAt(vs) == ' ') vs++;
            if (colon == 5 && line.indexOf("event") == 0) {
                event = line.substring(vs, n);
            } else if (colon == 4 && line.indexOf("data") == 0) {
                if (data == null) data = new StringBuilder(n - vs).append(line, vs, n);
                else data.append('\n').append(line, vs, n);
            } // id:, retry: and unknown fields are ignored
        }
        line.setLength(0);
        if (line.capacity() > 1 << 16) line.trimToSize();
    }

    private void dispatch() {
        String name = event;
        StringBuilder buf = data;
        event = null;
        data = null;
        if (buf == null && name == null) return;
        String raw = buf == null ? null : buf.toString();
        if ((raw == null || raw.isBlank()) && name == null) {
            return; // an empty "data:" line (a keep-alive): no event, as in the WHATWG rules
        }
        int index = events.size();
        JsonNode parsed = null;
        if (raw != null && !raw.isBlank() && !"[DONE]".equals(raw.trim())) {
            if (name != null && !READ_TYPES.contains(name)) {
                events.add(new SseEvent(index, name, null, null));
                batch.append(raw).append('\n');
                batchIndexes.add(index);
                batchRaw.add(raw);
                if (batch.length() >= BATCH_CHARS) checkBatch();
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
        events.add(new SseEvent(index, name, raw != null && parsed == null ? clip(raw) : null, parsed));
    }

    /** Raw data is kept only where it says something ({@code [DONE]}, or data that is not JSON). */
    private static String clip(String raw) {
        return raw.length() <= 256 ? raw : raw.substring(0, 256);
    }

    /**
     * Checks that each unread event's data is one JSON object: all of them with one parser over
     * their concatenation, and only when that fails, one by one to say which.
     */
    private void checkBatch() {
        if (batchIndexes.isEmpty()) return;
        if (countObjects(batch.toString(), mapper) != batchIndexes.size()) {
            for (int i = 0; i < batchIndexes.size(); i++) {
                String problem = syntaxProblem(batchRaw.get(i), mapper);
                if (problem != null) problems.add(new BadData(batchIndexes.get(i), "event data is not JSON: " + problem));
            }
        }
        batch.setLength(0);
        if (batch.capacity() > 2 * BATCH_CHARS) batch.trimToSize();
        batchIndexes.clear();
        batchRaw.clear();
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
