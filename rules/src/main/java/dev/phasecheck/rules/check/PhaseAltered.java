package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.replay.Match;
import dev.phasecheck.rules.replay.RequestAnalysis;
import tools.jackson.databind.JsonNode;

@RuleDef(id = "phase-altered", severity = Severity.ERROR,
        summary = "a replayed assistant message whose non-null phase differs from its original's")
public final class PhaseAltered extends Rule implements ReplayCheck {

    @Override
    public void check(RequestAnalysis a, Emitter out) {
        for (Match m : a.matches()) {
            JsonNode sent = Items.phaseNode(m.item());
            JsonNode original = m.original().phaseNode();
            if (!m.original().hasPhase() || sent == null || sent.isNull() || sent.equals(original)) continue;
            // an invalid value is phase-value's (or, not a string, schema's) finding: one fault, one finding
            if (!sent.isString() || PhaseValue.invalid(sent)) continue;
            out.at(a.exchange()).model(a.model()).pointer(m.pointer() + "/phase")
                    .message("replayed assistant message "
                            + m.original().label() + " has phase " + Items.show(sent) + "; the response at exchange "
                            + m.original().response().index() + " gave it " + Items.show(original))
                    .value(sent).related(m.original().related()).report(this);
        }
    }
}
