package dev.phasecheck.rules.replay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The keys of what a request sends, to test whether it keeps an item of an earlier history. */
public final class KeptItems {
    private final Set<Long> assistantIds = new HashSet<>();
    private final Set<Long> assistantTexts = new HashSet<>();
    private final Set<Long> calls = new HashSet<>();
    private final Set<Long> callOutputs = new HashSet<>();
    private final Set<Long> messages = new HashSet<>();

    KeptItems(HistoryKeys sent) {
        for (int i = 0; i < sent.size(); i++) {
            switch (sent.kinds[i]) {
                case HistoryKeys.ASSISTANT -> {
                    if (sent.key1[i] != 0) assistantIds.add(sent.key1[i]);
                    assistantTexts.add(sent.key2[i]);
                }
                case HistoryKeys.REFERENCE -> assistantIds.add(sent.key1[i]);
                case HistoryKeys.CALL -> calls.add(sent.key1[i]);
                case HistoryKeys.CALL_OUTPUT -> callOutputs.add(sent.key1[i]);
                case HistoryKeys.MESSAGE -> messages.add(sent.key1[i]);
                default -> { }
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
    public List<Gap> gaps(HistoryKeys history) {
        List<Gap> gaps = new ArrayList<>();
        if (history == null) return gaps;
        int first = -1;
        for (int i = 0; i < history.size(); i++) {
            if (keeps(history, i)) {
                first = i;
                break;
            }
        }
        if (first < 0) return gaps;
        for (int i = first + 1; i < history.size(); i++) {
            if (history.kinds[i] == HistoryKeys.ASSISTANT && !keeps(history, i)) {
                gaps.add(new Gap(i, history.label(i), first));
            }
        }
        return gaps;
    }
}
