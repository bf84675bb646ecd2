package dev.phasecheck.rules.relay;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One turn of a conversation, seen at both ends of a proxy: the client leg's exchange (what the client
 * sent, what the proxy answered it) and the upstream leg's exchange (what the proxy forwarded, what the
 * upstream answered), with what differs between them already worked out.
 *
 * @param conversation the conversation key
 * @param turn         the 0-based model request of the conversation
 * @param client       the client leg's exchange object and its position
 * @param upstream     the upstream leg's exchange object and its position
 * @param differences  what the proxy lost or changed, in both directions
 */
public record RelayPair(String conversation, int turn, Leg.At client, Leg.At upstream, List<Difference> differences) {
    public RelayPair {
        differences = List.copyOf(differences);
    }

    /** The model the client asked for. */
    public String model() {
        JsonNode m = client.exchange().path("request").path("model");
        return m.isString() ? m.asString() : null;
    }
}
