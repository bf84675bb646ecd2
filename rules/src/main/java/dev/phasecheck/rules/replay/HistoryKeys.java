package dev.phasecheck.rules.replay;

import dev.phasecheck.rules.json.Items;
import tools.jackson.databind.JsonNode;

/**
 * A request's input reduced to one compact key per item, computed once per request: it serves
 * replay matching, the set of kept items, and (retained with the response) the history-gap check.
 * No strings are kept: an assistant message's label comes from the output message it replays.
 */
public final class HistoryKeys {
    static final byte NONE = 0;        // not matched (reasoning, unknown types)
    static final byte ASSISTANT = 1;   // key1: id hash (0 if none), key2: text hash
    static final byte CALL = 2;        // key1: call_id hash
    static final byte CALL_OUTPUT = 3; // key1: call_id hash
    static final byte MESSAGE = 4;     // key1: role and text hash (user and other roles)
    static final byte SYSTEM = 5;      // system/developer: never counted as kept
    static final byte REFERENCE = 6;   // item_reference; key1: id hash

    static final HistoryKeys EMPTY = new HistoryKeys(new byte[0], new long[0], new long[0]);

    final byte[] kinds;
    final long[] key1;
    final long[] key2;
    /** For assistant messages: the output message each replays, when known (for labels). */
    OutputMessage[] sources;

    private HistoryKeys(byte[] kinds, long[] key1, long[] key2) {
        this.kinds = kinds;
        this.key1 = key1;
        this.key2 = key2;
    }

    public int size() {
        return kinds.length;
    }

    static HistoryKeys of(JsonNode input) {
        if (input == null || !input.isArray() || input.isEmpty()) return EMPTY;
        int n = input.size();
        byte[] kinds = new byte[n];
        long[] k1 = new long[n];
        long[] k2 = new long[n];
        for (int i = 0; i < n; i++) {
            JsonNode item = input.get(i);
            if (Items.isMessage(item)) {
                String role = Items.role(item);
                if ("assistant".equals(role)) {
                    kinds[i] = ASSISTANT;
                    String id = Items.str(item, "id");
                    k1[i] = id == null ? 0 : idHash(id);
                    k2[i] = Items.hash(Items.text(item));
                } else if ("system".equals(role) || "developer".equals(role)) {
                    kinds[i] = SYSTEM;
                } else {
                    kinds[i] = MESSAGE;
                    k1[i] = Items.hash(Items.textOrInput(item)) * 31 + (role == null ? 0 : role.hashCode());
                }
            } else if (item != null && item.isObject()) {
                String type = Items.str(item, "type");
                String callId = Items.str(item, "call_id");
                if ("item_reference".equals(type)) {
                    String id = Items.str(item, "id");
                    if (id != null) {
                        kinds[i] = REFERENCE;
                        k1[i] = idHash(id);
                    }
                } else if (callId != null) {
                    kinds[i] = type != null && type.endsWith("_output") ? CALL_OUTPUT : CALL;
                    k1[i] = idHash(callId);
                }
            }
        }
        return new HistoryKeys(kinds, k1, k2);
    }

    static long idHash(String id) {
        long h = Items.hash(id);
        return h == 0 ? 1 : h;
    }

    /** A label for assistant message {@code i}: its original's description, else its position. */
    String label(int i) {
        OutputMessage src = sources == null ? null : sources[i];
        return src != null ? src.describe() : "at input position " + i;
    }
}
