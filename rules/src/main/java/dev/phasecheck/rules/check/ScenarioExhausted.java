package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.ExchangeCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.read.Exchange;
import tools.jackson.databind.JsonNode;

/**
 * A request the simulated server could not answer from its script: it answers such a request
 * with HTTP 400 and the error code {@code scenario_exhausted}, which no real API sends. A
 * recording without that answer never gives this finding.
 */
@RuleDef(id = "scenario-exhausted", severity = Severity.ERROR,
        summary = "a request to the simulated server past the end of its conversation's scripted turns: "
                + "the client did something the scenario did not script, so its conformance was not tested")
public final class ScenarioExhausted extends Rule implements ExchangeCheck {
    /** The error code of the simulated server's "no more turns" answer. */
    public static final String CODE = "scenario_exhausted";

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.status() == null || ex.status() != 400 || ex.response() == null) return;
        JsonNode error = ex.response().get("error");
        if (error == null || !error.isObject() || !CODE.equals(Items.str(error, "code"))) return;
        String said = Items.str(error, "message");
        out.at(ex).pointer("/response/error/code").message("the simulated server had no scripted turn left for this request"
                + (said == null ? "" : " (" + said + ")") + ": the client looped, retried past the script, or sent requests of "
                + "several conversations the server could not tell apart (give each one the X-Phasecheck-Conversation header), "
                + "so what it would have done next was not tested").value(error.get("code")).report(this);
    }
}
