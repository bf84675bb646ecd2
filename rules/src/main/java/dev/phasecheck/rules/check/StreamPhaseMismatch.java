package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.ExchangeCheck;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.SseEvent;
import dev.phasecheck.rules.read.StreamedResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

@RuleDef(id = "stream-phase-mismatch", severity = Severity.ERROR,
        summary = "in one SSE stream, the same item with different phase values in output_item.added, output_item.done "
                + "and the terminal response's output")
public final class StreamPhaseMismatch extends Rule implements ExchangeCheck {

    /** What is known of one item so far: its first non-null phase and where it was, if any. */
    private static final class Seen {
        String pointer;
        JsonNode phase; // the first non-null phase, or null while none was seen
        String where;
    }

    /** Items of one stream, found by output_index or by any id they carried. */
    private static final class Items2 {
        final Map<Integer, Seen> byIndex = new HashMap<>();
        final Map<String, Seen> byId = new HashMap<>();

        Seen find(Integer index, String id) {
            Seen s = index != null ? byIndex.get(index) : null;
            if (s == null && id != null) s = byId.get(id);
            if (s == null) s = new Seen();
            if (index != null) byIndex.putIfAbsent(index, s);
            if (id != null) byId.putIfAbsent(id, s);
            return s;
        }
    }

    @Override
    public void check(Exchange ex, Emitter out) {
        StreamedResponse s = ex.stream();
        if (s == null || s.isChat()) return;
        Items2 items = new Items2();
        for (SseEvent e : s.events()) {
            JsonNode data = e.data();
            if (data == null) continue;
            String type = e.type();
            if ("response.output_item.added".equals(type) || "response.output_item.done".equals(type)) {
                JsonNode item = data.get("item");
                if (!Items.isMessage(item)) continue;
                JsonNode oi = data.get("output_index");
                Integer index = oi != null && oi.canConvertToInt() ? oi.asInt() : null;
                String id = Items.str(item, "id");
                if (index == null && id == null) continue;
                compare(ex, out, items.find(index, id), "/response_sse/" + e.index() + "/item", item, type);
            } else if (type != null && StreamedResponse.TERMINAL_TYPES.contains(type)) {
                JsonNode output = data.path("response").path("output");
                for (int i = 0; i < output.size(); i++) {
                    JsonNode item = output.get(i);
                    if (!Items.isMessage(item)) continue;
                    compare(ex, out, items.find(i, Items.str(item, "id")),
                            "/response_sse/" + e.index() + "/response/output/" + i, item, type + " output");
                }
            }
        }
    }

    /**
     * A conflict is two different non-null phases, or a non-null phase that a later event sets to
     * null. A phase that first appears late (none on {@code .added}) is not one.
     */
    private void compare(Exchange ex, Emitter out, Seen seen, String pointer, JsonNode item, String where) {
        JsonNode phase = item.get("phase");
        boolean none = phase == null || phase.isNull();
        if (seen.phase == null) {
            if (!none) {
                seen.phase = phase;
                seen.pointer = pointer;
                seen.where = where;
            }
            return;
        }
        if (!none && Objects.equals(seen.phase, phase)) return;
        String label = Items.str(item, "id") != null ? Items.str(item, "id") : "at " + pointer;
        out.at(ex).pointer(pointer + "/phase")
                .message("item " + label + " has phase "
                        + Items.show(phase) + " in " + where + " but " + Items.show(seen.phase) + " in " + seen.where)
                .value(phase)
                .related(new Related(ex.file(), ex.index(), ex.line(), seen.pointer + "/phase", seen.phase))
                .report(this);
    }
}
