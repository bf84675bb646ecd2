package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.ExchangeCheck;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

@RuleDef(id = "chat-completions-phase-model", severity = Severity.WARNING,
        summary = "a Chat Completions request to a phase model that carries earlier assistant messages: their phases are lost")
public final class ChatCompletionsPhaseModel extends Rule implements ExchangeCheck {

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.CHAT_COMPLETIONS) return;
        String model = Items.str(ex.request(), "model");
        if (!out.isPhaseModel(model)) return;
        JsonNode messages = ex.request().get("messages");
        if (messages == null || !messages.isArray()) return;
        int first = -1;
        int count = 0;
        for (int k = 0; k < messages.size(); k++) {
            if ("assistant".equals(Items.str(messages.get(k), "role"))) {
                if (first < 0) first = k;
                count++;
            }
        }
        if (first < 0) return;
        out.at(ex).pointer("/request/messages/" + first)
                .message("Chat Completions request to phase model " + model
                        + " carries " + count + " earlier assistant message" + (count == 1 ? "" : "s")
                        + ": Chat Completions cannot carry phase, so it is lost by construction; use the Responses API")
                .value(JsonNodeFactory.instance.stringNode(model)).report(this);
    }
}
