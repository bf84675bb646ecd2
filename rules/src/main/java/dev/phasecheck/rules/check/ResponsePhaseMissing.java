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

@RuleDef(id = "response-phase-missing", severity = Severity.INFO,
        summary = "a response from a phase model with an assistant output message that has no phase")
public final class ResponsePhaseMissing extends Rule implements ExchangeCheck {

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.RESPONSES) return;
        String model = ex.responseModel();
        if (!out.isPhaseModel(model)) return;
        for (OutputItem oi : ex.outputItems()) {
            if (!Items.isAssistantMessage(oi.item()) || Items.hasPhase(oi.item())) continue;
            String id = Items.str(oi.item(), "id");
            String message = "assistant output message " + (id == null ? "" : id + " ")
                    + "from phase model " + model + " has no phase: a server or gateway in between may have stripped it";
            if (Probes.isProbe(ex)) {
                // a probe asked this server directly: the phase is missing at the source, and clients cannot keep it
                out.reportAt(this, Severity.ERROR, ex, oi.pointer(), message + " (an error in a probe: the server itself does not"
                        + " label its messages)", oi.item().get("phase"));
            } else {
                out.at(ex).pointer(oi.pointer()).message(message).value(oi.item().get("phase")).report(this);
            }
        }
    }
}
