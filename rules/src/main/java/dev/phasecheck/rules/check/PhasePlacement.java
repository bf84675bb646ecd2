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
import tools.jackson.databind.JsonNode;

@RuleDef(id = "phase-placement", severity = Severity.ERROR,
        summary = "a phase key where no item carries it: in a content part, on a non-message item, or at the top of a request")
public final class PhasePlacement extends Rule implements ExchangeCheck {

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.RESPONSES) return;
        JsonNode request = ex.request();
        if (request.has("phase")) {
            out.at(ex).pointer("/request/phase")
                    .message("phase " + Items.show(request.get("phase"))
                            + " at the top level of the request body: it belongs on assistant message items")
                    .value(request.get("phase")).report(this);
        }
        JsonNode input = request.get("input");
        if (input != null && input.isArray()) {
            for (int k = 0; k < input.size(); k++) checkItem(ex, out, input.get(k), "/request/input/" + k);
        }
        for (OutputItem oi : ex.outputItems()) checkItem(ex, out, oi.item(), oi.pointer());
    }

    private void checkItem(Exchange ex, Emitter out, JsonNode item, String pointer) {
        if (item == null || !item.isObject()) return;
        if (!Items.isMessage(item)) {
            if (item.has("phase")) {
                String type = Items.str(item, "type");
                out.at(ex).pointer(pointer + "/phase")
                        .message("phase " + Items.show(item.get("phase")) + " on a "
                                + (type == null ? "non-message" : type) + " item: only messages carry phase")
                        .value(item.get("phase")).report(this);
            }
            return;
        }
        JsonNode content = item.get("content");
        if (content == null || !content.isArray()) return;
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            if (part != null && part.isObject() && part.has("phase")) {
                out.at(ex).pointer(pointer + "/content/" + j + "/phase")
                        .message("phase " + Items.show(part.get("phase"))
                                + " inside a content part: it belongs on the message item itself")
                        .value(part.get("phase")).report(this);
            }
        }
    }
}
