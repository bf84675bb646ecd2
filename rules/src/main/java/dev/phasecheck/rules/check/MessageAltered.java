package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.replay.Match;
import dev.phasecheck.rules.replay.RequestAnalysis;
import tools.jackson.databind.node.JsonNodeFactory;

@RuleDef(id = "message-altered", severity = Severity.WARNING,
        summary = "a replayed assistant message, matched by id, whose text differs from its original's")
public final class MessageAltered extends Rule implements ReplayCheck {

    @Override
    public void check(RequestAnalysis a, Emitter out) {
        for (Match m : a.matches()) {
            if (!m.byId() || m.textEqual()) continue;
            String sent = Items.text(m.item());
            // the same text in parts of the wrong type (input_text) is the schema rule's finding, not an edit
            String anyParts = Items.textOrInput(m.item());
            if (anyParts.length() == m.original().textLength() && Items.hash(anyParts) == m.original().textHash()) continue;
            out.at(a.exchange()).model(a.model()).pointer(m.pointer() + "/content")
                    .message("replayed assistant message "
                            + m.original().id() + " has text " + Items.preview(sent) + "; the response at exchange "
                            + m.original().response().index() + " said " + m.original().preview())
                    .value(JsonNodeFactory.instance.stringNode(sent)).related(m.original().related())
                    .report(this);
        }
    }
}
