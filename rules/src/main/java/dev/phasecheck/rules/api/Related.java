package dev.phasecheck.rules.api;

import tools.jackson.databind.JsonNode;

/**
 * The other side of a replay finding: the earlier output item a request replayed (or should have).
 *
 * @param file    the transcript file
 * @param index   the 0-based exchange index of the earlier response
 * @param line    the 1-based line for JSONL, else null
 * @param pointer an RFC 6901 pointer into that exchange, e.g. {@code /response/output/0}
 * @param value   what the response said (its phase), or null when not applicable
 * @param interaction for a recording, the 0-based position of that exchange's interaction in the file, else null
 */
public record Related(String file, Integer index, Integer line, String pointer, JsonNode value, Integer interaction) {

    /** The other side in a transcript that is not a recording. */
    public Related(String file, Integer index, Integer line, String pointer, JsonNode value) {
        this(file, index, line, pointer, value, null);
    }
}
