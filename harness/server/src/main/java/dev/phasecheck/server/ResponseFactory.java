package dev.phasecheck.server;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds what the real API would send for a scripted turn: Responses objects with realistic ids
 * and fields, their SSE event streams in the real order, Chat Completions answers, error bodies.
 * Ids are deterministic per server instance (a seeded generator), so runs are reproducible.
 */
final class ResponseFactory {
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Scenario scenario;
    private final SplittableRandom random;
    private final long createdAt = 1_764_400_000L;

    ResponseFactory(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.random = new SplittableRandom(seed);
    }

    private String id(String prefix) {
        return prefix + "_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    private String blob(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder sb = new StringBuilder("gAAAAAB");
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(64)));
        return sb.toString();
    }

    /**
     * The Responses object for turn {@code turn} (0-based) of the scenario; {@code callSuffix} is
     * appended to every scripted {@code call_id} (empty in the first conversation), so call ids are
     * unique across conversations.
     */
    ObjectNode response(int turn, JsonNode request, String callSuffix) {
        ObjectNode r = json.createObjectNode();
        r.put("id", id("resp"));
        r.put("object", "response");
        r.put("created_at", createdAt + turn);
        r.put("status", "completed");
        r.put("background", false);
        r.putNull("error");
        r.putNull("incomplete_details");
        copyOrNull(r, request, "instructions");
        r.putNull("max_output_tokens");
        r.put("model", scenario.model());
        ArrayNode output = r.putArray("output");
        for (JsonNode item : scenario.responses().get(turn)) output.add(item(item, callSuffix));
        r.put("parallel_tool_calls", true);
        copyOrNull(r, request, "previous_response_id");
        ObjectNode reasoning = r.putObject("reasoning");
        reasoning.put("effort", "medium");
        reasoning.putNull("summary");
        r.put("store", request.path("store").isBoolean() ? request.get("store").asBoolean() : true);
        r.put("temperature", 1.0);
        r.putObject("text").putObject("format").put("type", "text");
        r.put("tool_choice", "auto");
        r.set("tools", request.path("tools").isArray() ? request.get("tools") : json.createArrayNode());
        r.put("top_p", 1.0);
        r.put("truncation", "disabled");
        ObjectNode usage = r.putObject("usage");
        usage.put("input_tokens", 200 + 150 * turn);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", 60);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 20);
        usage.put("total_tokens", 260 + 150 * turn);
        r.putNull("user");
        r.set("metadata", request.path("metadata").isObject() ? request.get("metadata") : json.createObjectNode());
        return r;
    }

    private static void copyOrNull(ObjectNode to, JsonNode from, String field) {
        JsonNode v = from.get(field);
        if (v == null || v.isNull()) to.putNull(field);
        else to.set(field, v);
    }

    private ObjectNode item(JsonNode script, String callSuffix) {
        ObjectNode o = json.createObjectNode();
        switch (script.get("type").asString()) {
            case "message" -> {
                o.put("id", id("msg"));
                o.put("type", "message");
                o.put("status", "completed");
                ObjectNode part = o.putArray("content").addObject();
                part.put("type", "output_text");
                part.putArray("annotations");
                part.putArray("logprobs");
                part.put("text", script.get("text").asString());
                if (script.has("phase")) o.set("phase", script.get("phase"));
                o.put("role", "assistant");
            }
            case "function_call" -> {
                o.put("id", id("fc"));
                o.put("type", "function_call");
                o.put("status", "completed");
                JsonNode args = script.get("arguments");
                o.put("arguments", args.isString() ? args.asString() : json.writeValueAsString(args));
                o.put("call_id", script.get("call_id").asString() + callSuffix);
                o.put("name", script.get("name").asString());
            }
            case "reasoning" -> {
                o.put("id", id("rs"));
                o.put("type", "reasoning");
                ArrayNode summary = o.putArray("summary");
                if (script.has("summary")) summary.addObject().put("type", "summary_text").put("text", script.get("summary").asString());
                if (script.path("encrypted_content").asBoolean(true)) o.put("encrypted_content", blob(600));
                else o.putNull("encrypted_content");
            }
            case "web_search_call" -> {
                o.put("id", id("ws"));
                o.put("type", "web_search_call");
                o.put("status", "completed");
                ObjectNode action = o.putObject("action");
                action.put("type", "search");
                action.put("query", script.get("query").asString());
            }
            default -> throw new IllegalStateException("unreachable: the schema allows no other type");
        }
        return o;
    }

    /** The SSE events of a Responses object, in the real API's order. */
    List<String> events(ObjectNode response) {
        List<String> events = new ArrayList<>();
        int[] seq = {0};
        ObjectNode shell = response.deepCopy();
        shell.put("status", "in_progress");
        shell.putArray("output");
        shell.putNull("usage");
        event(events, seq, "response.created", o -> o.set("response", shell));
        event(events, seq, "response.in_progress", o -> o.set("response", shell));
        int index = 0;
        for (JsonNode item : response.get("output")) {
            int i = index++;
            String itemId = item.get("id").asString();
            String type = item.get("type").asString();
            ObjectNode added = ((ObjectNode) item).deepCopy();
            switch (type) {
                case "message" -> {
                    added.put("status", "in_progress");
                    added.putArray("content");
                }
                case "function_call" -> {
                    added.put("status", "in_progress");
                    added.put("arguments", "");
                }
                case "reasoning" -> {
                    added.putArray("summary");
                    added.putNull("encrypted_content");
                }
                default -> added.put("status", "in_progress");
            }
            event(events, seq, "response.output_item.added", o -> o.put("output_index", i).set("item", added));
            switch (type) {
                case "message" -> {
                    JsonNode part = item.get("content").get(0);
                    String text = part.get("text").asString();
                    event(events, seq, "response.content_part.added", o -> {
                        o.put("item_id", itemId).put("output_index", i).put("content_index", 0);
                        ObjectNode empty = o.putObject("part");
                        empty.put("type", "output_text");
                        empty.putArray("annotations");
                        empty.putArray("logprobs");
                        empty.put("text", "");
                    });
                    for (String chunk : chunks(text, 16)) {
                        event(events, seq, "response.output_text.delta", o -> {
                            o.put("item_id", itemId).put("output_index", i).put("content_index", 0).put("delta", chunk);
                            o.putArray("logprobs");
                        });
                    }
                    event(events, seq, "response.output_text.done", o -> {
                        o.put("item_id", itemId).put("output_index", i).put("content_index", 0).put("text", text);
                        o.putArray("logprobs");
                    });
                    event(events, seq, "response.content_part.done",
                            o -> o.put("item_id", itemId).put("output_index", i).put("content_index", 0).set("part", part));
                }
                case "function_call" -> {
                    String args = item.get("arguments").asString();
                    for (String chunk : chunks(args, 8)) {
                        event(events, seq, "response.function_call_arguments.delta",
                                o -> o.put("item_id", itemId).put("output_index", i).put("delta", chunk));
                    }
                    event(events, seq, "response.function_call_arguments.done",
                            o -> o.put("item_id", itemId).put("output_index", i).put("arguments", args));
                }
                case "reasoning" -> {
                    JsonNode summary = item.get("summary");
                    for (int s = 0; s < summary.size(); s++) {
                        int si = s;
                        String text = summary.get(s).get("text").asString();
                        event(events, seq, "response.reasoning_summary_part.added", o -> {
                            o.put("item_id", itemId).put("output_index", i).put("summary_index", si);
                            o.putObject("part").put("type", "summary_text").put("text", "");
                        });
                        for (String chunk : chunks(text, 16)) {
                            event(events, seq, "response.reasoning_summary_text.delta", o -> o.put("item_id", itemId)
                                    .put("output_index", i).put("summary_index", si).put("delta", chunk));
                        }
                        event(events, seq, "response.reasoning_summary_text.done", o -> o.put("item_id", itemId)
                                .put("output_index", i).put("summary_index", si).put("text", text));
                        event(events, seq, "response.reasoning_summary_part.done", o -> {
                            o.put("item_id", itemId).put("output_index", i).put("summary_index", si);
                            o.putObject("part").put("type", "summary_text").put("text", text);
                        });
                    }
                }
                case "web_search_call" -> {
                    for (String stage : List.of("in_progress", "searching", "completed")) {
                        event(events, seq, "response.web_search_call." + stage,
                                o -> o.put("output_index", i).put("item_id", itemId));
                    }
                }
                default -> { }
            }
            event(events, seq, "response.output_item.done", o -> o.put("output_index", i).set("item", item));
        }
        event(events, seq, "response.completed", o -> o.set("response", response));
        return events;
    }

    private void event(List<String> events, int[] seq, String type, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode data = json.createObjectNode();
        data.put("type", type);
        data.put("sequence_number", seq[0]++);
        fill.accept(data);
        events.add("event: " + type + "\ndata: " + json.writeValueAsString(data) + "\n\n");
    }

    static List<String> chunks(String text, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) out.add(text.substring(i, Math.min(text.length(), i + size)));
        if (out.isEmpty()) out.add("");
        return out;
    }

    /** A Chat Completions answer for the turn: its messages' text joined, its function calls as tool calls. */
    ObjectNode chatCompletion(int turn, String callSuffix) {
        ObjectNode c = json.createObjectNode();
        c.put("id", "chatcmpl-" + id("c").substring(2, 26));
        c.put("object", "chat.completion");
        c.put("created", createdAt + turn);
        c.put("model", scenario.model());
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = json.createArrayNode();
        for (JsonNode item : scenario.responses().get(turn)) {
            String type = item.get("type").asString();
            if (type.equals("message")) {
                if (text.length() > 0) text.append("\n\n");
                text.append(item.get("text").asString());
            } else if (type.equals("function_call")) {
                ObjectNode call = calls.addObject();
                call.put("id", item.get("call_id").asString() + callSuffix);
                call.put("type", "function");
                JsonNode args = item.get("arguments");
                call.putObject("function").put("name", item.get("name").asString())
                        .put("arguments", args.isString() ? args.asString() : json.writeValueAsString(args));
            }
        }
        message.put("content", text.toString());
        if (!calls.isEmpty()) message.set("tool_calls", calls);
        message.putNull("refusal");
        choice.put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls");
        c.putObject("usage").put("prompt_tokens", 200).put("completion_tokens", 60).put("total_tokens", 260);
        return c;
    }

    /** The streamed form of a Chat Completions answer: chunks, then {@code data: [DONE]}. */
    List<String> chatEvents(ObjectNode completion) {
        List<String> events = new ArrayList<>();
        JsonNode message = completion.get("choices").get(0).get("message");
        List<ObjectNode> deltas = new ArrayList<>();
        deltas.add(json.createObjectNode().put("role", "assistant").put("content", ""));
        for (String chunk : chunks(message.get("content").asString(), 16)) deltas.add(json.createObjectNode().put("content", chunk));
        if (message.has("tool_calls")) deltas.add((ObjectNode) json.createObjectNode().set("tool_calls", message.get("tool_calls")));
        for (int i = 0; i <= deltas.size(); i++) {
            ObjectNode chunk = json.createObjectNode();
            chunk.put("id", completion.get("id").asString());
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", completion.get("created").asLong());
            chunk.put("model", completion.get("model").asString());
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            if (i < deltas.size()) {
                choice.set("delta", deltas.get(i));
                choice.putNull("finish_reason");
            } else {
                choice.putObject("delta");
                choice.set("finish_reason", completion.get("choices").get(0).get("finish_reason"));
            }
            events.add("data: " + json.writeValueAsString(chunk) + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    /** An API-style error body of a server-side failure (500, 503) or a rate limit (429). */
    ObjectNode serverError(int status) {
        ObjectNode body = json.createObjectNode();
        ObjectNode e = body.putObject("error");
        switch (status) {
            case 429 -> {
                e.put("message", "Rate limit reached for " + scenario.model() + " on requests per min (RPM): Limit 3, Used 3, "
                        + "Requested 1. Please try again in 1s. (phasecheck: a fault the scenario scripts)");
                e.put("type", "requests");
                e.putNull("param");
                e.put("code", "rate_limit_exceeded");
            }
            case 503 -> {
                e.put("message", "The server is overloaded or not ready yet. (phasecheck: a fault the scenario scripts)");
                e.put("type", "server_error");
                e.putNull("param");
                e.putNull("code");
            }
            default -> {
                e.put("message", "The server had an error while processing your request. Sorry about that! "
                        + "(phasecheck: a fault the scenario scripts)");
                e.put("type", "server_error");
                e.putNull("param");
                e.putNull("code");
            }
        }
        return body;
    }

    /** An API-style error body. */
    ObjectNode error(String message, String param, String code) {
        ObjectNode body = json.createObjectNode();
        ObjectNode e = body.putObject("error");
        e.put("message", message);
        e.put("type", "invalid_request_error");
        if (param == null) e.putNull("param");
        else e.put("param", param);
        if (code == null) e.putNull("code");
        else e.put("code", code);
        return body;
    }
}
