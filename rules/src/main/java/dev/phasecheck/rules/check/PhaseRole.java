package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.ExchangeCheck;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import java.util.Set;
import tools.jackson.databind.JsonNode;

@RuleDef(id = "phase-role", severity = Severity.ERROR,
        summary = "a non-null phase on a message whose role is user, system or developer")
public final class PhaseRole extends Rule implements ExchangeCheck {
    private static final Set<String> ROLES = Set.of("user", "system", "developer");

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.RESPONSES) return;
        JsonNode input = ex.request().get("input");
        if (input == null || !input.isArray()) return;
        for (int k = 0; k < input.size(); k++) {
            JsonNode item = input.get(k);
            if (!Items.isMessage(item) || !Items.hasPhase(item)) continue;
            String role = Items.role(item);
            if (role != null && ROLES.contains(role)) {
                out.at(ex).pointer("/request/input/" + k + "/phase")
                        .message(role + " message carries phase "
                                + Items.show(item.get("phase")) + ": phase belongs on assistant messages only")
                        .value(item.get("phase")).report(this);
            }
        }
    }
}
