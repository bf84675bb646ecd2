package dev.phasecheck.rules.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import dev.phasecheck.rules.json.Items;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A streamed response, assembled: its events, its terminal event (if any), and the replayable
 * state of each output item (from the terminal response's {@code output}, else from
 * {@code response.output_item.done}).
 */
public final class StreamedResponse {
    /** Event types that end a Responses stream. */
    public static final Set<String> TERMINAL_TYPES =
            Set.of("response.completed", "response.incomplete", "response.failed");

    private final List<SseEvent> events;
    private final SseEvent terminal;
    private final boolean chat;
    private final boolean ended;
    private final List<OutputItem> items;

    private StreamedResponse(List<SseEvent> events, boolean chat) {
        this.events = List.copyOf(events);
        this.chat = chat;
        SseEvent term = null;
        boolean end = false;
        for (SseEvent e : events) {
            if (chat) {
                if (e.isDoneSentinel()) end = true;
            } else if (e.type() != null && TERMINAL_TYPES.contains(e.type())) {
                // a terminal event whose data could not be read still ends the stream (and is reported),
                // but only a readable one gives the final state
                if (e.data() != null && e.data().isObject()) term = e;
                end = true;
            } else if ("error".equals(e.type()) && term == null) {
                end = true; // the server ended the stream with an error event
            }
        }
        this.terminal = term;
        this.ended = end;
        this.items = chat ? List.of() : assemble();
    }

    public static StreamedResponse of(List<SseEvent> events, boolean chat) {
        return new StreamedResponse(events, chat);
    }

    public List<SseEvent> events() {
        return events;
    }

    /** True for a Chat Completions stream ({@code chat.completion.chunk} lines and {@code [DONE]}). */
    public boolean isChat() {
        return chat;
    }

    /** The terminal {@code response.completed/incomplete/failed} event, or null. */
    public SseEvent terminal() {
        return terminal;
    }

    /** False when the stream stopped before its terminal event (truncated). */
    public boolean ended() {
        return ended;
    }

    /** The {@code response} object of the terminal event, else of the last event that carries one. */
    public JsonNode response() {
        if (terminal != null && terminal.data() != null && terminal.data().path("response").isObject()) {
            return terminal.data().get("response");
        }
        JsonNode last = null;
        for (SseEvent e : events) {
            if (e.data() != null && e.data().path("response").isObject()) last = e.data().get("response");
        }
        return last;
    }

    public List<OutputItem> items() {
        return items;
    }

    private List<OutputItem> assemble() {
        // every id an item carried, by output_index: some servers rotate ids from event to event
        Map<Integer, Set<String>> idsByIndex = new HashMap<>();
        TreeMap<Integer, OutputItem> byIndex = new TreeMap<>();
        int fallback = 1_000_000;
        for (SseEvent e : events) {
            String type = e.type();
            boolean done = "response.output_item.done".equals(type);
            if (!done && !"response.output_item.added".equals(type)) continue;
            if (e.data() == null || !e.data().isObject()) continue; // unreadable data, reported by the reader
            JsonNode item = e.data().get("item");
            if (item == null || !item.isObject()) continue;
            JsonNode oi = e.data().get("output_index");
            int idx = oi != null && oi.canConvertToInt() ? oi.asInt() : done ? fallback++ : -1;
            if (idx < 0) continue;
            String id = Items.str(item, "id");
            if (id != null) idsByIndex.computeIfAbsent(idx, k -> new LinkedHashSet<>()).add(id);
            if (done) byIndex.put(idx, new OutputItem(item, "/response_sse/" + e.index() + "/item"));
        }
        if (terminal != null) {
            JsonNode output = terminal.data().path("response").path("output");
            if (output.isArray() && !output.isEmpty()) {
                List<OutputItem> list = new ArrayList<>();
                String base = "/response_sse/" + terminal.index() + "/response/output";
                for (int i = 0; i < output.size(); i++) {
                    JsonNode item = output.get(i);
                    Set<String> ids = new LinkedHashSet<>();
                    String id = Items.str(item, "id");
                    if (id != null) ids.add(id);
                    ids.addAll(idsByIndex.getOrDefault(i, Set.of()));
                    list.add(new OutputItem(item, base + "/" + i, List.copyOf(ids)));
                }
                return Collections.unmodifiableList(list);
            }
        }
        List<OutputItem> list = new ArrayList<>(byIndex.size());
        for (Map.Entry<Integer, OutputItem> en : byIndex.entrySet()) {
            OutputItem done = en.getValue();
            Set<String> ids = new LinkedHashSet<>();
            String id = Items.str(done.item(), "id");
            if (id != null) ids.add(id);
            ids.addAll(idsByIndex.getOrDefault(en.getKey(), Set.of()));
            list.add(new OutputItem(done.item(), done.pointer(), List.copyOf(ids)));
        }
        return Collections.unmodifiableList(list);
    }
}
