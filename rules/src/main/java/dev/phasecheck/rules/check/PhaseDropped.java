package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.replay.Match;
import dev.phasecheck.rules.replay.RequestAnalysis;

@RuleDef(id = "phase-dropped", severity = Severity.ERROR, phaseModelAware = true,
        summary = "a replayed assistant message without the non-null phase its original output message carried")
public final class PhaseDropped extends Rule implements ReplayCheck {

    @Override
    public void check(RequestAnalysis a, Emitter out) {
        if (a.serverState()) return; // the server keeps its own copy, phase included
        for (Match m : a.matches()) {
            if (!m.original().hasPhase() || Items.hasPhase(m.item())) continue;
            String sent = m.item().has("phase") ? "phase null" : "no phase key";
            out.at(a.exchange()).model(a.model()).pointer(m.pointer())
                    .message("replayed assistant message "
                            + m.original().label() + " has " + sent + "; the response at exchange " + m.original().response().index()
                            + " gave it phase " + Items.show(m.original().phaseNode()))
                    .value(Items.phaseNode(m.item())).related(m.original().related()).report(this);
        }
    }
}
