package dev.phasecheck.server;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the simulated model says, response by response. Loaded from YAML or JSON and validated
 * against {@code scenario.schema.json}; each scripted output item stays the validated JSON.
 *
 * @param id           the scenario id
 * @param summary      one line
 * @param model        the model the responses name
 * @param eventDelayMs the pacing of streamed events (0: as fast as possible)
 * @param responses    each response's scripted output items
 * @param source       where it was loaded from
 * @param faults       for each response, the fault scripted on its turn, or null (same size as responses)
 */
public record Scenario(String id, String summary, String model, int eventDelayMs, List<List<JsonNode>> responses,
                       String source, List<Fault> faults) {

    /**
     * A fault scripted on a turn: what the server does the first time the turn is asked for in each
     * conversation (the retry gets the scripted response).
     *
     * @param status                 429, 500 or 503 with an API-style error body, or null
     * @param retryAfterSeconds      the {@code retry-after} header of a 429
     * @param disconnectAfterEvents  streams this many events, then ends without a terminal event
     *                               (a request that is not streamed gets a 500 instead), or null
     * @param stallMs                waits this long before the first byte, or null
     */
    public record Fault(Integer status, int retryAfterSeconds, Integer disconnectAfterEvents, Integer stallMs) {
        /** How the journal names it ({@code "fault": ...}). */
        public String kind() {
            if (status != null) return "status";
            if (disconnectAfterEvents != null) return "disconnect_after_events";
            return "stall_ms";
        }

        /** One line, for {@code phasecheck scenarios}. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (stallMs != null) parts.add("stall " + stallMs + " ms");
            if (status != null) parts.add("HTTP " + status + (status == 429 ? " (retry-after " + retryAfterSeconds + ")" : ""));
            if (disconnectAfterEvents != null) parts.add("stream cut after " + disconnectAfterEvents + " events (JSON: HTTP 500)");
            return String.join(" + ", parts) + ", then retry";
        }
    }

    /** A scenario without faults. */
    public Scenario(String id, String summary, String model, int eventDelayMs, List<List<JsonNode>> responses,
                    String source) {
        this(id, summary, model, eventDelayMs, responses, source, null);
    }

    /** The ids of the built-in scenarios, in the order they are listed. */
    public static final List<String> BUILT_IN = List.of("chat-follow-up", "tool-loop", "hosted-tool",
            "reasoning-stateless", "no-phase-model", "long-horizon", "flaky-stream");

    public Scenario {
        responses = responses.stream().map(List::copyOf).toList();
        List<Fault> f = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) f.add(faults != null && i < faults.size() ? faults.get(i) : null);
        faults = java.util.Collections.unmodifiableList(f);
    }

    /** The fault scripted on turn {@code turn} (0-based), or null. */
    public Fault fault(int turn) {
        return turn < faults.size() ? faults.get(turn) : null;
    }

    /** True when any turn scripts a fault. */
    public boolean hasFaults() {
        return faults.stream().anyMatch(java.util.Objects::nonNull);
    }

    public int turns() {
        return responses.size();
    }

    /** A scenario with another pacing. */
    public Scenario withEventDelayMs(int ms) {
        return new Scenario(id, summary, model, ms, responses, source, faults);
    }

    /** A built-in scenario by id, or a scenario file by path. */
    public static Scenario load(String idOrFile) throws ScenarioException {
        if (BUILT_IN.contains(idOrFile)) return builtIn(idOrFile);
        Path p = Path.of(idOrFile);
        if (!Files.exists(p)) {
            throw new ScenarioException("unknown scenario '" + idOrFile + "': not a built-in id ("
                    + String.join(", ", BUILT_IN) + ") and no such file");
        }
        try {
            return parse(Files.readString(p, StandardCharsets.UTF_8), idOrFile);
        } catch (IOException e) {
            throw new ScenarioException(idOrFile + ": cannot be read: " + e.getMessage());
        }
    }

    public static Scenario builtIn(String id) {
        String res = "/dev/phasecheck/server/scenarios/" + id + ".yaml";
        try (InputStream in = Scenario.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalArgumentException("no built-in scenario " + id);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in:" + id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ScenarioException e) {
            throw new IllegalStateException("built-in scenario " + id + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Parses and validates scenario text (YAML, of which JSON is a subset). */
    public static Scenario parse(String text, String source) throws ScenarioException {
        JsonNode root;
        try {
            boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
            ObjectMapper mapper = json ? JsonMapper.builder().build() : YAMLMapper.builder().build();
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new ScenarioException(source + ": not valid YAML or JSON: "
                    + String.valueOf(e.getOriginalMessage()).replace('\n', ' '));
        }
        if (root == null || root.isMissingNode()) throw new ScenarioException(source + ": empty scenario");
        List<Error> errors = SCHEMA.get().validate(root, ctx -> ctx.executionConfig(b -> b.locale(Locale.ENGLISH)));
        if (!errors.isEmpty()) {
            Error e = errors.get(0);
            String where = dev.phasecheck.rules.json.Pointer.of(e.getInstanceLocation());
            String msg = e.getMessage();
            String loc = String.valueOf(e.getInstanceLocation());
            if (msg.startsWith(loc + ": ")) msg = msg.substring(loc.length() + 2);
            throw new ScenarioException(source + ": " + (where.isEmpty() ? "(top level)" : where) + ": " + msg
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        }
        List<List<JsonNode>> responses = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        for (JsonNode r : root.get("responses")) {
            List<JsonNode> items = new ArrayList<>();
            r.get("output").forEach(items::add);
            responses.add(items);
            JsonNode f = r.get("fault");
            faults.add(f == null ? null : new Fault(f.has("status") ? f.get("status").asInt() : null,
                    f.path("retry_after").asInt(1),
                    f.has("disconnect_after_events") ? f.get("disconnect_after_events").asInt() : null,
                    f.has("stall_ms") ? f.get("stall_ms").asInt() : null));
        }
        int delay = root.path("pacing").path("event_delay_ms").asInt(0);
        return new Scenario(root.get("id").asString(), root.path("summary").asString(""), root.get("model").asString(),
                delay, responses, source, faults);
    }

    /** The compiled schema, built once per class (immutable and thread-safe). */
    private static final java.util.function.Supplier<Schema> SCHEMA = new java.util.function.Supplier<>() {
        private final Schema schema = load();

        private Schema load() {
            try (InputStream in = Scenario.class.getResourceAsStream("/dev/phasecheck/server/scenario.schema.json")) {
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Schema get() {
            return schema;
        }
    };
}
