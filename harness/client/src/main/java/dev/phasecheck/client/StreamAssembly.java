package dev.phasecheck.client;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Responses SSE body read as transcript-format.md §4 says: events are blank-line separated
 * {@code event:}/{@code data:} blocks; comments, empty {@code data:} lines and {@code [DONE]} are no
 * error; the replayable state of an item is the one in {@code response.output_item.done}, or in the
 * terminal event's {@code response.output}; a stream without a terminal event is truncated.
 *
 * @param events   every event's data, in order
 * @param output   the replayable output items
 * @param terminal the terminal event's type, or null when the stream was truncated
 * @param problem  why the stream cannot be used (truncated, data that is not JSON, a failed response), or null
 */
public record StreamAssembly(List<JsonNode> events, List<JsonNode> output, String terminal, String problem) {

    static final java.util.Set<String> TERMINAL = java.util.Set.of("response.completed", "response.incomplete",
            "response.failed");

    public static StreamAssembly parse(String body, ObjectMapper json) {
        List<JsonNode> events = new ArrayList<>();
        String problem = null;
        StringBuilder data = null;
        String text = body.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.add(""); // a last event without its blank line still counts
        int n = 0;
        for (String line : lines) {
            if (line.isEmpty()) {
                if (data != null) {
                    String d = data.toString().strip();
                    n++;
                    if (!d.isEmpty() && !d.equals("[DONE]")) {
                        try {
                            JsonNode node = json.readTree(d);
                            events.add(node);
                        } catch (JacksonException e) {
                            if (problem == null) problem = "event " + n + " has data that is not JSON";
                        }
                    }
                }
                data = null;
                continue;
            }
            if (line.startsWith(":")) continue; // a comment or keep-alive
            if (line.startsWith("data:")) {
                String v = line.substring(5);
                if (v.startsWith(" ")) v = v.substring(1);
                if (data == null) data = new StringBuilder(v);
                else data.append('\n').append(v);
            }
            // event:, id:, retry: lines carry nothing the client needs
        }
        String terminal = null;
        JsonNode terminalOutput = null;
        TreeMap<Integer, JsonNode> done = new TreeMap<>();
        int fallback = 1_000_000;
        for (JsonNode e : events) {
            String type = e.path("type").asString("");
            if (type.equals("response.output_item.done") && e.path("item").isObject()) {
                JsonNode oi = e.get("output_index");
                done.put(oi != null && oi.canConvertToInt() ? oi.asInt() : fallback++, e.get("item"));
            } else if (TERMINAL.contains(type)) {
                terminal = type;
                terminalOutput = e.path("response").get("output");
            } else if (type.equals("error") && problem == null) {
                problem = "the stream reported an error: " + e.path("message").asString(e.toString());
            }
        }
        List<JsonNode> output = new ArrayList<>();
        if (terminalOutput != null && terminalOutput.isArray() && !terminalOutput.isEmpty()) {
            terminalOutput.forEach(output::add);
        } else {
            output.addAll(done.values());
        }
        if (terminal == null && problem == null) problem = "the stream ended without a terminal event (truncated)";
        if ("response.failed".equals(terminal) && problem == null) problem = "the response failed (response.failed)";
        return new StreamAssembly(List.copyOf(events), List.copyOf(output), terminal, problem);
    }
}
