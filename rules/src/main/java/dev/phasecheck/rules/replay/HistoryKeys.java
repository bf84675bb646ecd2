package dev.phasecheck.rules.replay;

import dev.phasecheck.rules.Items;
import tools.jackson.databind.JsonNode;

/**
 * The request input a response was given, reduced to one compact key per item so that a later
 * request can be checked for a gap in the middle of that history ({@code history-gap}).
 */
public final class HistoryKeys {
    static final byte NONE = 0;        // not matched (reasoning, unknown types)
    static final byte ASSISTANT = 1;   // key1: id hash (0 if none), key2: text hash
    static final byte CALL = 2;        // key1: call_id hash
    static final byte CALL_OUTPUT = 3; // key1: call_id hash
    static final byte MESSAGE = 4;     // key1: role+text hash (user and other roles)
    static final byte SYSTEM = 5;      // system/developer: never counted as kept

    static final HistoryKeys EMPTY = new HistoryKeys(new byte[0], new long[0], new long[0], new String[0]);

    final byte[] kinds;
    final long[] key1;
    final long[] key2;
    final String[] labels; // for assistant messages only: id or text preview

    private HistoryKeys(byte[] kinds, long[] key1, long[] key2, String[] labels) {
        this.kinds = kinds;
        this.key1 = key1;
        this.key2 = key2;
        this.labels = labels;
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
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            JsonNode item = input.get(i);
            if (Items.isMessage(item)) {
                String role = Items.role(item);
                if ("assistant".equals(role)) {
                    kinds[i] = ASSISTANT;
                    String id = Items.str(item, "id");
                    String text = Items.text(item);
                    k1[i] = id == null ? 0 : idHash(id);
                    k2[i] = Items.hash(text);
                    String p = Items.phase(item);
                    labels[i] = (id != null ? id + " " : "") + "(" + (p == null ? "no phase" : "phase \"" + p + "\"")
                            + ", " + Items.preview(text) + ")";
                } else if ("system".equals(role) || "developer".equals(role)) {
                    kinds[i] = SYSTEM;
                } else {
                    kinds[i] = MESSAGE;
                    k1[i] = roleTextHash(role, Items.textOrInput(item));
                }
            } else if (item != null && item.isObject() && Items.str(item, "call_id") != null) {
                String type = Items.str(item, "type");
                kinds[i] = type != null && type.endsWith("_output") ? CALL_OUTPUT : CALL;
                k1[i] = idHash(Items.str(item, "call_id"));
            }
        }
        return new HistoryKeys(kinds, k1, k2, labels);
    }

    static long idHash(String id) {
        long h = Items.hash(id);
        return h == 0 ? 1 : h;
    }

    static long roleTextHash(String role, String text) {
        return Items.hash(String.valueOf(role) + '\u0000' + text);
    }
}
