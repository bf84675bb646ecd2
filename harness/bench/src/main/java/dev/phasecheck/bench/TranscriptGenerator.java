package dev.phasecheck.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a realistic native-JSONL transcript of about a given size: many stateless agent loops
 * (developer + user message, then steps of reasoning with {@code encrypted_content}, a
 * commentary message and a function call, its output, and a closing final answer), each request
 * resending the whole history verbatim. Every fifth conversation is streamed (SSE). One
 * conversation in ten has a client fault (phase dropped on replay), so the rules have work.
 * Deterministic for a seed.
 */
public final class TranscriptGenerator {
    private static final String[] WORDS = ("the session token expiry test handler module refactor cache request "
            + "response client server retry timeout config parser stream event item phase message reasoning "
            + "function call output build deploy database migration index query latency error warning").split(" ");

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final Random random;

    public TranscriptGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Writes conversations to {@code file} until it holds at least {@code bytes}; returns the exchange count. */
    public long write(Path file, long bytes) throws IOException {
        long count = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long written = 0;
            int conversation = 0;
            while (written < bytes) {
                for (String line : conversation(conversation++)) {
                    byte[] b = line.getBytes(StandardCharsets.UTF_8);
                    out.write(b);
                    out.write('\n');
                    written += b.length + 1;
                    count++;
                }
            }
        }
        return count;
    }

    private String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(' ');
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.append('.').toString();
    }

    private String blob(int n) {
        StringBuilder sb = new StringBuilder("gAAAAAB");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(64)));
        return sb.toString();
    }

    private ObjectNode message(String id, String phase, String text) {
        ObjectNode m = mapper.createObjectNode();
        m.put("id", id).put("type", "message").put("status", "completed");
        ArrayNode content = m.putArray("content");
        ObjectNode part = content.addObject();
        part.put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", text);
        m.put("phase", phase).put("role", "assistant");
        return m;
    }

    List<String> conversation(int n) {
        String p = "c" + n + "_";
        String model = n % 3 == 0 ? "gpt-5.5" : "gpt-5.4";
        boolean streamed = n % 5 == 4;
        boolean faulty = n % 10 == 7;
        int steps = 4 + random.nextInt(12);
        ArrayNode history = mapper.createArrayNode();
        history.addObject().put("role", "developer").put("content", "You are a coding agent. " + words(40));
        history.addObject().put("role", "user").put("content", words(30 + random.nextInt(60)));
        List<String> lines = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            ArrayNode output = mapper.createArrayNode();
            ObjectNode rs = output.addObject();
            rs.put("id", p + "rs" + s).put("type", "reasoning");
            rs.putArray("summary").addObject().put("type", "summary_text").put("text", words(20));
            rs.put("encrypted_content", blob(800 + random.nextInt(1200)));
            boolean last = s == steps;
            if (!last) {
                output.add(message("msg_" + p + s + "c", "commentary", words(20 + random.nextInt(80))));
                ObjectNode fc = output.addObject();
                fc.put("id", "fc_" + p + s).put("type", "function_call").put("status", "completed")
                        .put("arguments", "{\"command\":\"" + words(6).replace('.', ' ') + "\"}")
                        .put("call_id", "call_" + p + s).put("name", "run_command");
            } else {
                output.add(message("msg_" + p + s + "f", "final_answer", words(60 + random.nextInt(120))));
            }
            ObjectNode request = mapper.createObjectNode();
            request.put("model", model);
            request.set("input", history.deepCopy());
            request.put("store", false);
            request.putArray("include").add("reasoning.encrypted_content");
            if (streamed) request.put("stream", true);
            ObjectNode response = mapper.createObjectNode();
            response.put("id", "resp_" + p + s).put("object", "response").put("created_at", 1764400000 + s)
                    .put("status", "completed").put("model", model);
            response.set("output", output);
            ObjectNode ex = mapper.createObjectNode();
            ex.put("url", "/v1/responses");
            ex.set("request", request);
            if (streamed) ex.put("response_sse", sse(response));
            else ex.set("response", response);
            lines.add(mapper.writeValueAsString(ex));
            for (JsonNode item : output) {
                ObjectNode copy = (ObjectNode) item.deepCopy();
                if (faulty && "message".equals(copy.path("type").asString())) copy.remove("phase");
                history.add(copy);
            }
            if (!last) {
                history.addObject().put("type", "function_call_output").put("call_id", "call_" + p + s)
                        .put("output", words(40 + random.nextInt(160)));
            }
        }
        return lines;
    }

    private String sse(ObjectNode response) {
        StringBuilder sb = new StringBuilder();
        int[] seq = {0};
        ObjectNode shell = response.deepCopy();
        shell.put("status", "in_progress");
        shell.putArray("output");
        event(sb, seq, "response.created", mapper.createObjectNode().set("response", shell));
        event(sb, seq, "response.in_progress", mapper.createObjectNode().set("response", shell));
        int i = 0;
        for (JsonNode item : response.path("output")) {
            ObjectNode added = mapper.createObjectNode().put("output_index", i);
            added.set("item", item);
            event(sb, seq, "response.output_item.added", added);
            if ("message".equals(item.path("type").asString())) {
                String text = item.path("content").get(0).path("text").asString();
                for (int c = 0; c < text.length(); c += 24) {
                    ObjectNode d = mapper.createObjectNode().put("item_id", item.path("id").asString())
                            .put("output_index", i).put("content_index", 0)
                            .put("delta", text.substring(c, Math.min(text.length(), c + 24)));
                    event(sb, seq, "response.output_text.delta", d);
                }
            }
            ObjectNode done = mapper.createObjectNode().put("output_index", i);
            done.set("item", item);
            event(sb, seq, "response.output_item.done", done);
            i++;
        }
        event(sb, seq, "response.completed", mapper.createObjectNode().set("response", response));
        return sb.toString();
    }

    private void event(StringBuilder sb, int[] seq, String type, ObjectNode data) {
        ObjectNode d = mapper.createObjectNode().put("type", type).put("sequence_number", seq[0]++);
        d.setAll(data);
        sb.append("event: ").append(type).append("\ndata: ").append(mapper.writeValueAsString(d)).append("\n\n");
    }
}
