package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.replay.OutputMessage;
import dev.phasecheck.rules.replay.RequestAnalysis;
import dev.phasecheck.rules.replay.ResponseRecord;

@RuleDef(id = "message-omitted", severity = Severity.ERROR, phaseModelAware = true,
        summary = "a request continues a response but neither replays nor references one or more of its assistant output messages")
public final class MessageOmitted extends Rule implements ReplayCheck {

    @Override
    public void check(RequestAnalysis a, Emitter out) {
        ResponseRecord r = a.newestContinued();
        if (r == null || a.serverState()) return;
        for (OutputMessage m : r.messages()) {
            if (a.covers(m)) continue;
            out.at(a.exchange()).model(a.model()).pointer("/request/input")
                    .message("request continues the response at "
                            + r.label() + " but neither replays nor references its assistant message " + m.describe())
                    .related(m.related()).report(this);
        }
    }
}
