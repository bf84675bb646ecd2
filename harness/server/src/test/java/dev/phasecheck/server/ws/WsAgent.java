package dev.phasecheck.server.ws;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An agent loop over one Responses WebSocket, as a client under test: runs every function call it
 * is given and adds a user message after each answer. It resends the whole history, or (the
 * WebSocket mode's own pattern) only the new items with {@code previous_response_id}; it keeps
 * phase (conformant) or drops it from the assistant messages it sends back.
 */
final class WsAgent {
    enum Mode { FULL_HISTORY, INCREMENTAL }

    private final ObjectMapper json = JsonMapper.builder().build();
    private final String url;
    private final Mode mode;
    private final boolean dropPhase;

    WsAgent(String url, Mode mode, boolean dropPhase) {
        this.url = url;
        this.mode = mode;
        this.dropPhase = dropPhase;
    }

    /** Runs {@code turns} turns; returns how many answers ended with {@code response.completed}. */
    int run(String model, int turns, boolean stateless) throws Exception {
        int completed = 0;
        try (WsClient ws = new WsClient(url)) {
            ArrayNode history = json.createArrayNode();
            ArrayNode fresh = json.createArrayNode();
            history.add(user("Start the task, please."));
            fresh.add(user("Start the task, please."));
            String previous = null;
            for (int t = 0; t < turns; t++) {
                ObjectNode request = json.createObjectNode();
                request.put("type", "response.create");
                request.put("model", model);
                if (mode == Mode.INCREMENTAL && previous != null) {
                    request.put("previous_response_id", previous);
                    request.set("input", fresh.deepCopy());
                } else {
                    request.set("input", history.deepCopy());
                }
                ArrayNode tools = request.putArray("tools");
                tools.addObject().put("type", "function").put("name", "run_command");
                tools.addObject().put("type", "function").put("name", "read_file");
                if (stateless) {
                    request.put("store", false);
                    request.putArray("include").add("reasoning.encrypted_content");
                }
                ws.send(request);
                List<WsClient.Incoming> answer = ws.answer();
                JsonNode last = answer.get(answer.size() - 1).event();
                if (last == null || !"response.completed".equals(last.path("type").asString())) {
                    throw new AssertionError("turn " + (t + 1) + " ended without response.completed: " + last);
                }
                completed++;
                JsonNode response = last.get("response");
                previous = response.get("id").asString();
                fresh = json.createArrayNode();
                List<JsonNode> output = new ArrayList<>();
                response.get("output").forEach(output::add);
                for (JsonNode item : output) {
                    ObjectNode copy = (ObjectNode) item.deepCopy();
                    if (dropPhase && "message".equals(copy.path("type").asString())) copy.remove("phase");
                    history.add(copy);
                }
                boolean calls = false;
                for (JsonNode item : output) {
                    if ("function_call".equals(item.path("type").asString())) {
                        calls = true;
                        ObjectNode out = json.createObjectNode().put("type", "function_call_output")
                                .put("call_id", item.get("call_id").asString()).put("output", "ok: " + item.get("arguments").asString());
                        history.add(out);
                        fresh.add(out.deepCopy());
                    }
                }
                if (!calls) {
                    history.add(user("Thanks. Next, please."));
                    fresh.add(user("Thanks. Next, please."));
                }
            }
        }
        return completed;
    }

    private ObjectNode user(String text) {
        return json.createObjectNode().put("role", "user").put("content", text);
    }
}
