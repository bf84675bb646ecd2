package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.replay.Match;
import dev.phasecheck.rules.replay.RequestAnalysis;

@RuleDef(id = "phase-invented", severity = Severity.WARNING,
        summary = "a replayed assistant message with a non-null phase where its original had none")
public final class PhaseInvented extends Rule implements ReplayCheck {

    @Override
    public void check(RequestAnalysis a, Emitter out) {
        for (Match m : a.matches()) {
            if (m.original().hasPhase() || !Items.hasPhase(m.item())) continue;
            out.at(a.exchange()).model(a.model()).pointer(m.pointer() + "/phase")
                    .message("replayed assistant message "
                            + m.original().label() + " has phase " + Items.show(m.item().get("phase"))
                            + " but the response at exchange " + m.original().response().index()
                            + " gave it none: echo phase, do not guess it").value(m.item().get("phase"))
                    .related(m.original().related()).report(this);
        }
    }
}
