package dev.phasecheck.rules.replay;

import tools.jackson.databind.JsonNode;

/**
 * An assistant message of a request that replays an earlier output message.
 *
 * @param inputIndex its index in the request's {@code input}
 * @param item       the replayed item as sent
 * @param original   the earlier output message
 * @param byId       matched by {@code id} (else by text)
 * @param textEqual  its text equals the original's
 */
public record Match(int inputIndex, JsonNode item, OutputMessage original, boolean byId, boolean textEqual) {

    public String pointer() {
        return "/request/input/" + inputIndex;
    }
}
