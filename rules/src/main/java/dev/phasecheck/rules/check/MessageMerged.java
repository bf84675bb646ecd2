package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.replay.Merge;
import dev.phasecheck.rules.replay.OutputMessage;
import dev.phasecheck.rules.replay.RequestAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

@RuleDef(id = "message-merged", severity = Severity.ERROR, phaseModelAware = true,
        summary = "one assistant message whose text is two or more output messages of one response joined: "
                + "commentary and final answer flattened into one")
public final class MessageMerged extends Rule implements ReplayCheck {

    @Override
    public void check(RequestAnalysis a, Emitter out) {
        for (Merge m : a.merges()) {
            List<Related> related = new ArrayList<>();
            for (OutputMessage om : m.originals()) related.add(om.related());
            String parts = m.originals().stream().map(OutputMessage::describe).collect(Collectors.joining(" + "));
            String phase = Items.hasPhase(m.item()) ? "phase " + Items.show(m.item().get("phase")) : "no phase";
            out.at(a.exchange()).model(a.model()).pointer(m.pointer())
                    .message("one assistant message (" + phase + ") joins " + m.originals().size()
                            + " output messages of the response at exchange " + m.originals().get(0).response().index()
                            + ": " + parts + "; replay each output item on its own, with its phase")
                    .value(m.item().get("phase")).related(related).report(this);
        }
    }
}
