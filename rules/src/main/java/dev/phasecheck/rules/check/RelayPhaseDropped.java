package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.relay.Difference;
import dev.phasecheck.rules.relay.RelayCheck;
import dev.phasecheck.rules.relay.RelayOut;
import dev.phasecheck.rules.relay.RelayPair;

@RuleDef(id = "relay-phase-dropped", severity = Severity.ERROR,
        summary = "a proxy under test lost a non-null phase on the way to the client or to the upstream")
public final class RelayPhaseDropped extends Rule implements RelayCheck {

    @Override
    public void check(RelayPair pair, RelayOut out) {
        for (Difference d : pair.differences()) {
            if (d.kind() != Difference.Kind.PHASE_DROPPED) continue;
            out.report(this, pair, d, "the proxy lost the phase of " + d.what() + " (" + d.direction() + "): " + d.detail());
        }
    }
}
