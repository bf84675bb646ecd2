package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.ExchangeCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import tools.jackson.databind.JsonNode;

@RuleDef(id = "probe-replay-rejected", severity = Severity.ERROR,
        summary = "in a probe, the server answered a request that replays its own output items, phase intact, with an error status")
public final class ProbeReplayRejected extends Rule implements ExchangeCheck {

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.RESPONSES || !Probes.isProbe(ex)) return;
        if (ex.status() == null || ex.status() < 400) return;
        JsonNode input = ex.request().get("input");
        if (input == null || !input.isArray()) return;
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!Items.isAssistantMessage(item) || Items.phase(item) == null) continue;
            JsonNode message = ex.response() == null ? null : ex.response().path("error").get("message");
            String said = message != null && message.isString() ? ": " + Items.preview(message.asString()) : "";
            out.at(ex).pointer("/request/input/" + i + "/phase")
                    .message("the server answered HTTP " + ex.status() + said + " to a request that replays its own output message"
                            + (Items.str(item, "id") == null ? "" : " " + Items.str(item, "id")) + " with phase "
                            + item.get("phase") + ", as the guide requires: clients that keep phase cannot use it")
                    .value(item.get("phase")).report(this);
            return;
        }
    }
}
