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

@RuleDef(id = "chat-completions-phase", severity = Severity.WARNING,
        summary = "a phase key on a message of a Chat Completions request: that API cannot carry it")
public final class ChatCompletionsPhase extends Rule implements ExchangeCheck {

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.CHAT_COMPLETIONS) return;
        JsonNode messages = ex.request().get("messages");
        if (messages == null || !messages.isArray()) return;
        for (int k = 0; k < messages.size(); k++) {
            JsonNode m = messages.get(k);
            if (m != null && m.isObject() && m.has("phase")) {
                out.at(ex).pointer("/request/messages/" + k + "/phase")
                        .message("Chat Completions message carries phase "
                                + Items.show(m.get("phase")) + ": that API has no phase field; the server drops or rejects it")
                        .value(m.get("phase")).report(this);
            }
        }
    }
}
