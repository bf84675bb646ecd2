package dev.phasecheck.rules.replay;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One assistant message of a request whose text is two or more output messages of one response, joined. */
public record Merge(int inputIndex, JsonNode item, List<OutputMessage> originals) {

    public String pointer() {
        return "/request/input/" + inputIndex;
    }
}
