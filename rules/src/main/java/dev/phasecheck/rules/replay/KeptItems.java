package dev.phasecheck.rules.replay;

import dev.phasecheck.rules.Items;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The keys of what a request sends, to test whether it keeps an item of an earlier history. */
public final class KeptItems {
    private final Set<Long> assistantIds = new HashSet<>();
    private final Set<Long> assistantTexts = new HashSet<>();
    private final Set<Long> calls = new HashSet<>();
    private final Set<Long> callOutputs = new HashSet<>();
    private final Set<Long> messages = new HashSet<>();

    KeptItems(JsonNode input) {
        if (input == null || !input.isArray()) return;
        for (JsonNode item : input) {
            if (Items.isMessage(item)) {
                String role = Items.role(item);
                if ("assistant".equals(role)) {
                    String id = Items.str(item, "id");
                    if (id != null) assistantIds.add(HistoryKeys.idHash(id));
                    assistantTexts.add(Items.hash(Items.text(item)));
                } else {
                    messages.add(HistoryKeys.roleTextHash(role, Items.textOrInput(item)));
                }
            } else if (item != null && item.isObject()) {
                String type = Items.str(item, "type");
                String callId = Items.str(item, "call_id");
                if ("item_reference".equals(type) && Items.str(item, "id") != null) {
                    assistantIds.add(HistoryKeys.idHash(Items.str(item, "id")));
                } else if (callId != null) {
                    (type != null && type.endsWith("_output") ? callOutputs : calls).add(HistoryKeys.idHash(callId));
                }
            }
        }
    }

    /** Whether item {@code i} of the history is kept by this request. */
    boolean keeps(HistoryKeys h, int i) {
        return switch (h.kinds[i]) {
            case HistoryKeys.ASSISTANT -> h.key1[i] != 0 ? assistantIds.contains(h.key1[i])
                    : assistantTexts.contains(h.key2[i]);
            case HistoryKeys.CALL -> calls.contains(h.key1[i]);
            case HistoryKeys.CALL_OUTPUT -> callOutputs.contains(h.key1[i]);
            case HistoryKeys.MESSAGE -> messages.contains(h.key1[i]);
            default -> false;
        };
    }

    /** A left-out assistant message of an earlier history, after a kept item. */
    public record Gap(int historyIndex, String label, int keptIndex) {}

    /**
     * The assistant messages of {@code history} that come after the first kept item but are not
     * kept themselves (system and developer messages are never counted as kept).
     */
    public java.util.List<Gap> gaps(HistoryKeys history) {
        java.util.List<Gap> gaps = new java.util.ArrayList<>();
        int first = -1;
        for (int i = 0; i < history.size(); i++) {
            if (history.kinds[i] != HistoryKeys.SYSTEM && history.kinds[i] != HistoryKeys.NONE && keeps(history, i)) {
                first = i;
                break;
            }
        }
        if (first < 0) return gaps;
        for (int i = first + 1; i < history.size(); i++) {
            if (history.kinds[i] == HistoryKeys.ASSISTANT && !keeps(history, i)) {
                gaps.add(new Gap(i, history.labels[i], first));
            }
        }
        return gaps;
    }
}
