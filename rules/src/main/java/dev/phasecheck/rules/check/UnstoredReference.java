package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.replay.RequestAnalysis;
import dev.phasecheck.rules.replay.ResponseRecord;
import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;

@RuleDef(id = "unstored-reference", severity = Severity.ERROR, phaseModelAware = true,
        summary = "a request relies on the server's copy (previous_response_id, item_reference) of a response created with store: false")
public final class UnstoredReference extends Rule implements ReplayCheck {

    @Override
    public void check(RequestAnalysis a, Emitter out) {
        for (RequestAnalysis.Reference ref : a.references()) {
            ResponseRecord r = ref.record();
            if (r.stored()) continue;
            // a Responses WebSocket keeps its own connection's responses in memory, store: false included
            if (r.connection() != null && Objects.equals(r.connection(), a.exchange().connection())) continue;
            boolean previous = ref.pointer().endsWith("/previous_response_id");
            out.at(a.exchange()).model(a.model()).pointer(ref.pointer())
                    .message((previous ? "previous_response_id " : "item_reference ") + ref.what() + " names "
                            + (previous ? "the response" : "an item of the response") + " at " + r.label()
                            + ", which was created with \"store\": false: the server keeps no copy, so the real API rejects "
                            + "this request (or a gateway loses its items and phases); resend the output items verbatim instead"
                            + (r.connection() != null ? " (or continue on the WebSocket connection that created it)" : ""))
                    .value(JsonNodeFactory.instance.stringNode(ref.what()))
                    .related(new Related(r.file(), r.index(), r.line(), "/request/store", JsonNodeFactory.instance.booleanNode(false)))
                    .report(this);
        }
    }
}
