package dev.phasecheck.rules.check;

import dev.phasecheck.rules.Emitter;
import dev.phasecheck.rules.Items;
import dev.phasecheck.rules.ExchangeCheck;
import dev.phasecheck.rules.Related;
import dev.phasecheck.rules.Rule;
import dev.phasecheck.rules.RuleDef;
import dev.phasecheck.rules.Severity;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.SseEvent;
import dev.phasecheck.rules.read.StreamedResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

@RuleDef(id = "stream-phase-mismatch", severity = Severity.ERROR,
        summary = "in one SSE stream, the same item with different phase values in output_item.added, output_item.done "
                + "and the terminal response's output")
public final class StreamPhaseMismatch extends Rule implements ExchangeCheck {

    private record Seen(String pointer, JsonNode phase, String where) {}

    @Override
    public void check(Exchange ex, Emitter out) {
        StreamedResponse s = ex.stream();
        if (s == null || s.isChat()) return;
        Map<String, Seen> first = new LinkedHashMap<>();
        Map<Integer, String> idByIndex = new LinkedHashMap<>();
        for (SseEvent e : s.events()) {
            JsonNode data = e.data();
            if (data == null) continue;
            String type = e.type();
            if ("response.output_item.added".equals(type) || "response.output_item.done".equals(type)) {
                JsonNode item = data.get("item");
                if (!Items.isMessage(item)) continue;
                JsonNode oi = data.get("output_index");
                String id = Items.str(item, "id");
                if (id != null && oi != null && oi.canConvertToInt()) idByIndex.put(oi.asInt(), id);
                String key = id != null ? "id:" + id : oi != null ? "#" + oi.asInt() : null;
                if (key != null) compare(ex, out, first, key, "/response_sse/" + e.index() + "/item", item, type);
            } else if (StreamedResponse.TERMINAL_TYPES.contains(type)) {
                JsonNode output = data.path("response").path("output");
                for (int i = 0; i < output.size(); i++) {
                    JsonNode item = output.get(i);
                    if (!Items.isMessage(item)) continue;
                    String id = Items.str(item, "id");
                    if (id == null) id = idByIndex.get(i);
                    String key = id != null ? "id:" + id : "#" + i;
                    compare(ex, out, first, key, "/response_sse/" + e.index() + "/response/output/" + i, item,
                            type + " output");
                }
            }
        }
    }

    private void compare(Exchange ex, Emitter out, Map<String, Seen> first, String key, String pointer, JsonNode item,
                         String where) {
        JsonNode phase = item.get("phase");
        JsonNode normal = phase == null ? JsonNodeFactory.instance.nullNode() : phase;
        Seen earlier = first.get(key);
        if (earlier == null) {
            first.put(key, new Seen(pointer, normal, where));
            return;
        }
        if (Objects.equals(earlier.phase, normal)) return;
        out.report(this, ex.model(), ex, pointer + "/phase", "item " + key.replaceFirst("^id:", "") + " has phase "
                + Items.show(phase) + " in " + where + " but " + Items.show(earlier.phase) + " in " + earlier.where,
                phase, List.of(new Related(ex.file(), ex.index(), ex.line(), earlier.pointer + "/phase", earlier.phase)));
    }
}
