package dev.phasecheck.client;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the client did in one conversation.
 *
 * @param key       the conversation key
 * @param exchanges every exchange, in order, as native transcript exchange objects (with {@code conversation}
 *                  and {@code turn}, the 0-based model request of the conversation; a retried turn keeps its number)
 * @param problem   why the conversation stopped before its plan was done (an error status after retries, a
 *                  response that cannot be read, a transport failure), or null when it was played to the end
 */
public record Conversation(String key, List<ObjectNode> exchanges, String problem) {
    public Conversation {
        exchanges = List.copyOf(exchanges);
    }

    public boolean complete() {
        return problem == null;
    }
}
