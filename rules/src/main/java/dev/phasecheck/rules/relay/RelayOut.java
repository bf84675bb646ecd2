package dev.phasecheck.rules.relay;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Rule;
import java.util.List;

/** Where relay rules report: through the configuration's {@link Emitter}, with direction and conversation. */
public final class RelayOut {
    private final Emitter emitter;
    private final Collector collector;

    /** Receives each finding's relay fields while the emitter applies the configuration. */
    interface Collector {
        void pending(Difference d, String conversation);
    }

    RelayOut(Emitter emitter, Collector collector) {
        this.emitter = emitter;
        this.collector = collector;
    }

    /** Reports a difference as the rule's finding: at the receiving end, naming the sending end. */
    public void report(Rule rule, RelayPair pair, Difference d, String message) {
        collector.pending(d, pair.conversation());
        Side r = d.received();
        Side s = d.sent();
        emitter.at(r.file(), r.index(), r.index() + 1).model(pair.model()).pointer(r.pointer()).message(message)
                .value(r.value()).related(new Related(s.file(), s.index(), s.index() + 1, s.pointer(), s.value()))
                .report(rule);
    }
}
