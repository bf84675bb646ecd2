package dev.phasecheck.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates agent-loop conversations in the native exchange shape, each exchange tagged with a
 * {@code session_id} and an RFC 3339 {@code time}. Stateless loops resend the history; some
 * conversations have a client fault (phase dropped on replay, or a commentary message left out),
 * so the rules find things. Every value keeps one JSON type wherever it appears (message content
 * is always an array), so the exchanges also survive a round trip through Parquet structs.
 * Deterministic for a seed.
 */
final class Conversations {
    private static final String[] WORDS = ("the session token expiry test handler module refactor cache request "
            + "response client server retry timeout config parser stream event item phase message").split(" ");
    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final Random random;
    private final boolean heavy;

    Conversations(long seed) {
        this(seed, false);
    }

    /** {@code heavy}: with reasoning items carrying 1-2 kB of encrypted content and longer texts, like real agent traffic. */
    Conversations(long seed, boolean heavy) {
        this.random = new Random(seed);
        this.heavy = heavy;
    }

    /** One conversation: its exchanges in order, times {@code base} + step seconds. */
    List<ObjectNode> conversation(String session, int steps, long baseEpochSeconds, int fault) {
        String model = random.nextBoolean() ? "gpt-5.5" : "gpt-5.4";
        ArrayNode history = mapper.createArrayNode();
        history.add(text("developer", "input_text", "You are a coding agent. " + words(12)));
        history.add(text("user", "input_text", words(10)));
        List<ObjectNode> out = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            String p = session + "_" + s;
            boolean last = s == steps;
            ArrayNode output = mapper.createArrayNode();
            if (heavy) {
                ObjectNode rs = output.addObject();
                rs.put("id", "rs_" + p).put("type", "reasoning");
                rs.putArray("summary").addObject().put("type", "summary_text").put("text", words(20));
                rs.put("encrypted_content", blob(1000 + random.nextInt(1000)));
            }
            ObjectNode msg = text("assistant", "output_text", words(heavy ? 40 + random.nextInt(80) : 8));
            msg.put("id", "msg_" + p).put("type", "message").put("status", "completed")
                    .put("phase", last ? "final_answer" : "commentary");
            output.add(msg);
            if (!last) {
                ObjectNode fc = output.addObject();
                fc.put("id", "fc_" + p).put("type", "function_call").put("status", "completed")
                        .put("arguments", "{\"command\":\"ls\"}").put("call_id", "call_" + p).put("name", "run_command");
            }
            ObjectNode request = mapper.createObjectNode();
            request.put("model", model);
            request.set("input", history.deepCopy());
            request.put("store", false);
            ObjectNode response = mapper.createObjectNode();
            response.put("id", "resp_" + p).put("object", "response").put("created_at", baseEpochSeconds + s)
                    .put("status", "completed").put("model", model);
            response.set("output", output);
            ObjectNode ex = mapper.createObjectNode();
            ex.put("session_id", session);
            ex.put("time", java.time.Instant.ofEpochSecond(baseEpochSeconds + s).toString());
            ex.put("url", "/v1/responses");
            ex.put("status", 200);
            ex.set("request", request);
            ex.set("response", response);
            out.add(ex);
            for (var item : output) {
                ObjectNode copy = (ObjectNode) item.deepCopy();
                if (fault == 1 && "message".equals(copy.path("type").asString())) copy.remove("phase");
                if (fault == 2 && "message".equals(copy.path("type").asString()) && s == 1) continue;
                history.add(copy);
            }
            if (!last) {
                ObjectNode fo = history.addObject();
                fo.put("type", "function_call_output").put("call_id", "call_" + p)
                        .put("output", words(heavy ? 40 + random.nextInt(160) : 6));
            }
        }
        return out;
    }

    private String blob(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder("gAAAAAB");
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(64)));
        return sb.toString();
    }

    private ObjectNode text(String role, String type, String text) {
        ObjectNode m = mapper.createObjectNode();
        m.put("role", role);
        ObjectNode part = m.putArray("content").addObject();
        part.put("type", type).put("text", text);
        return m;
    }

    private String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        return sb.toString();
    }
}
