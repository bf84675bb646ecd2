package dev.phasecheck.server.ws;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a client's text message is: a {@code response.create} (its request body, without
 * {@code type}), a message that needs no answer, or a problem to answer with an error event.
 *
 * @param body    the request body of a {@code response.create}, else null
 * @param ignored true for messages the real API takes without answering ({@code response.processed},
 *                which the Codex CLI sends to acknowledge a response)
 * @param problem an API-style message for anything else, else null
 * @param code    the error code that goes with the problem
 */
public record ClientMessage(ObjectNode body, boolean ignored, String problem, String code) {

    public static ClientMessage of(JsonNode message) {
        if (message == null || !message.isObject()) {
            return new ClientMessage(null, false,
                    "We could not parse the JSON of your WebSocket message: it must be a JSON object with a 'type'.", null);
        }
        String type = message.path("type").asString("");
        if (type.equals("response.create")) {
            ObjectNode body = ((ObjectNode) message).deepCopy();
            body.remove("type");
            return new ClientMessage(body, false, null, null);
        }
        if (type.equals("response.processed")) return new ClientMessage(null, true, null, null);
        return new ClientMessage(null, false, type.isEmpty()
                ? "Missing required parameter: 'type'."
                : "Invalid value: '" + type + "'. The simulator takes 'response.create' messages over a Responses WebSocket.",
                "invalid_event_type");
    }
}
