package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.replay.KeptItems;
import dev.phasecheck.rules.replay.RequestAnalysis;
import dev.phasecheck.rules.replay.ResponseRecord;

@RuleDef(id = "history-gap", severity = Severity.WARNING, phaseModelAware = true,
        summary = "a request keeps an item of the history its continued response was given but leaves out a later assistant message")
public final class HistoryGap extends Rule implements ReplayCheck {

    @Override
    public void check(RequestAnalysis a, Emitter out) {
        ResponseRecord r = a.newestContinued();
        if (r == null || a.serverState()) return;
        for (KeptItems.Gap g : a.kept().gaps(r.history())) {
            out.at(a.exchange()).model(a.model()).pointer("/request/input")
                    .message("request keeps item " + g.keptIndex()
                            + " of the history the response at " + r.label() + " was given, but leaves out the assistant message "
                            + g.label() + " that came after it there (input item " + g.historyIndex() + ")")
                    .related(new Related(r.file(), r.index(), r.line(), "/request/input/" + g.historyIndex(), null))
                    .report(this);
        }
    }
}
