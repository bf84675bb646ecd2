package dev.phasecheck.rules.relay;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One leg of a proxy run: native transcript exchange objects, in order, each naming its
 * {@code conversation} and {@code turn} (the 0-based model request of that conversation; a retry
 * repeats the turn, and the last attempt is the one judged).
 *
 * @param file      the leg's name in findings
 * @param exchanges the exchange objects
 */
public record Leg(String file, List<JsonNode> exchanges) {
    public Leg {
        exchanges = List.copyOf(exchanges);
    }

    /** An exchange of a leg and its position. */
    public record At(String file, int index, JsonNode exchange) {}
}
