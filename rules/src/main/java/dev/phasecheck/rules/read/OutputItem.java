package dev.phasecheck.rules.read;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One output item of a response, with the pointer to where its replayable state was read.
 *
 * @param item    the item's replayable state
 * @param pointer where it was read
 * @param ids     every {@code id} the item carried in its response: in a JSON body its one id; in a
 *                stream the ids of its {@code output_item.added}, {@code output_item.done} and terminal
 *                {@code output} entry, which some servers rotate from event to event (the item's own
 *                id first). Empty when it had none.
 */
public record OutputItem(JsonNode item, String pointer, List<String> ids) {

    public OutputItem {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    /** An item of a JSON body: its ids are its one {@code id}. */
    public OutputItem(JsonNode item, String pointer) {
        this(item, pointer, idOf(item));
    }

    private static List<String> idOf(JsonNode item) {
        JsonNode id = item == null ? null : item.get("id");
        return id != null && id.isString() ? List.of(id.asString()) : List.of();
    }
}
