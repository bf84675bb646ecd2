package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.ExchangeCheck;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.OutputItem;
import dev.phasecheck.rules.read.SseEvent;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

@RuleDef(id = "phase-value", severity = Severity.ERROR,
        summary = "a phase whose value is not \"commentary\", \"final_answer\" or null")
public final class PhaseValue extends Rule implements ExchangeCheck {

    /** True for a string phase that is not one of the two values (non-strings are the schema rule's). */
    static boolean invalid(JsonNode phase) {
        return phase != null && phase.isString()
                && !"commentary".equals(phase.asString()) && !"final_answer".equals(phase.asString());
    }

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.RESPONSES) return;
        JsonNode input = ex.request().get("input");
        if (input != null && input.isArray()) {
            for (int k = 0; k < input.size(); k++) {
                JsonNode item = input.get(k);
                if (Items.isMessage(item)) checkItem(ex, out, item, "/request/input/" + k, "request input item");
            }
        }
        if (ex.stream() == null) {
            for (OutputItem oi : ex.outputItems()) {
                if (Items.isMessage(oi.item())) checkItem(ex, out, oi.item(), oi.pointer(), "response output item");
            }
            return;
        }
        // a stream: every event that carries an item, each invalid value once per item
        Set<String> seen = new HashSet<>();
        for (SseEvent e : ex.stream().events()) {
            JsonNode data = e.data();
            if (data == null) continue;
            JsonNode item = data.get("item");
            if (Items.isMessage(item)) {
                String key = key(item, data.get("output_index"));
                if (invalid(item.get("phase")) && seen.add(key + "\u0000" + item.get("phase").asString())) {
                    checkItem(ex, out, item, "/response_sse/" + e.index() + "/item", e.type() + " item");
                }
            }
            JsonNode output = data.path("response").path("output");
            for (int i = 0; i < output.size(); i++) {
                JsonNode o = output.get(i);
                if (!Items.isMessage(o)) continue;
                if (invalid(o.get("phase")) && seen.add(key(o, null, i) + "\u0000" + o.get("phase").asString())) {
                    checkItem(ex, out, o, "/response_sse/" + e.index() + "/response/output/" + i, e.type() + " output item");
                }
            }
        }
    }

    private static String key(JsonNode item, JsonNode outputIndex) {
        return key(item, outputIndex, -1);
    }

    private static String key(JsonNode item, JsonNode outputIndex, int position) {
        String id = Items.str(item, "id");
        if (id != null) return "id:" + id;
        if (outputIndex != null && outputIndex.canConvertToInt()) return "#" + outputIndex.asInt();
        return "#" + position;
    }

    private void checkItem(Exchange ex, Emitter out, JsonNode item, String pointer, String where) {
        JsonNode phase = item.get("phase");
        if (!invalid(phase)) return;
        out.at(ex).pointer(pointer + "/phase")
                .message(where + " has phase " + Items.show(phase)
                        + ": the only values are \"commentary\", \"final_answer\" and null (case-sensitive)")
                .value(phase).report(this);
    }
}
