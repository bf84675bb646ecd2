package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleInfo;

import dev.phasecheck.rules.check.ChatCompletionsPhase;
import dev.phasecheck.rules.check.ChatCompletionsPhaseModel;
import dev.phasecheck.rules.check.HistoryGap;
import dev.phasecheck.rules.engine.InternalFailure;
import dev.phasecheck.rules.check.MessageAltered;
import dev.phasecheck.rules.check.MessageMerged;
import dev.phasecheck.rules.check.MessageOmitted;
import dev.phasecheck.rules.engine.NothingChecked;
import dev.phasecheck.rules.check.PhaseAltered;
import dev.phasecheck.rules.check.PhaseDropped;
import dev.phasecheck.rules.check.PhaseInvented;
import dev.phasecheck.rules.check.PhasePlacement;
import dev.phasecheck.rules.check.PhaseRole;
import dev.phasecheck.rules.check.PhaseValue;
import dev.phasecheck.rules.check.ProbeReplayRejected;
import dev.phasecheck.rules.check.RelayItemDropped;
import dev.phasecheck.rules.check.RelayPhaseAltered;
import dev.phasecheck.rules.check.RelayPhaseDropped;
import dev.phasecheck.rules.check.ResponsePhaseMissing;
import dev.phasecheck.rules.check.ScenarioExhausted;
import dev.phasecheck.rules.check.SchemaRule;
import dev.phasecheck.rules.check.StreamPhaseMismatch;
import dev.phasecheck.rules.check.UnstoredReference;
import dev.phasecheck.rules.engine.TranscriptUnreadable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The one explicit registry of rules, sorted by id. */
public final class Rules {
    private Rules() {}

    private record Entry(Class<? extends Rule> type, Supplier<Rule> factory) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry(ChatCompletionsPhase.class, ChatCompletionsPhase::new),
            new Entry(ChatCompletionsPhaseModel.class, ChatCompletionsPhaseModel::new),
            new Entry(HistoryGap.class, HistoryGap::new),
            new Entry(InternalFailure.class, InternalFailure::new),
            new Entry(MessageAltered.class, MessageAltered::new),
            new Entry(MessageMerged.class, MessageMerged::new),
            new Entry(MessageOmitted.class, MessageOmitted::new),
            new Entry(NothingChecked.class, NothingChecked::new),
            new Entry(PhaseAltered.class, PhaseAltered::new),
            new Entry(PhaseDropped.class, PhaseDropped::new),
            new Entry(PhaseInvented.class, PhaseInvented::new),
            new Entry(PhasePlacement.class, PhasePlacement::new),
            new Entry(PhaseRole.class, PhaseRole::new),
            new Entry(PhaseValue.class, PhaseValue::new),
            new Entry(ProbeReplayRejected.class, ProbeReplayRejected::new),
            new Entry(RelayItemDropped.class, RelayItemDropped::new),
            new Entry(RelayPhaseAltered.class, RelayPhaseAltered::new),
            new Entry(RelayPhaseDropped.class, RelayPhaseDropped::new),
            new Entry(ResponsePhaseMissing.class, ResponsePhaseMissing::new),
            new Entry(ScenarioExhausted.class, ScenarioExhausted::new),
            new Entry(SchemaRule.class, SchemaRule::new),
            new Entry(StreamPhaseMismatch.class, StreamPhaseMismatch::new),
            new Entry(TranscriptUnreadable.class, TranscriptUnreadable::new),
            new Entry(UnstoredReference.class, UnstoredReference::new));

    private static final List<RuleInfo> INFOS = ENTRIES.stream().map(e -> RuleInfo.of(e.type())).toList();

    /** Every rule's metadata, sorted by id. */
    public static List<RuleInfo> all() {
        return INFOS;
    }

    /** The rule classes, in registry order. */
    public static List<Class<? extends Rule>> classes() {
        return ENTRIES.stream().<Class<? extends Rule>>map(Entry::type).toList();
    }

    /** A fresh instance of a registered rule class (the relay judge runs the relay rules this way). */
    public static Rule newRule(Class<? extends Rule> type) {
        for (Entry e : ENTRIES) {
            if (e.type() == type) return e.factory().get();
        }
        throw new IllegalArgumentException(type + " is not a registered rule");
    }

    public static RuleInfo byId(String id) {
        for (RuleInfo r : INFOS) {
            if (r.id().equals(id)) return r;
        }
        return null;
    }

    /** Fresh instances of the checks (rules are immutable; a linter owns its own); the engine's diagnostics are not among them. */
    static List<Rule> newRules() {
        List<Rule> rules = new ArrayList<>();
        for (Entry e : ENTRIES) {
            if (!Diagnostics.isDiagnostic(e.type())) rules.add(e.factory().get());
        }
        return List.copyOf(rules);
    }

    /** " (did you mean 'x'?)" for a near miss, else "". */
    public static String suggest(String id) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (RuleInfo r : INFOS) {
            int d = distance(id, r.id());
            if (d < bestDistance) {
                bestDistance = d;
                best = r.id();
            }
        }
        return best != null && bestDistance <= Math.max(2, id.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
