package dev.phasecheck.rules.check;

import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.relay.Difference;
import dev.phasecheck.rules.relay.RelayCheck;
import dev.phasecheck.rules.relay.RelayOut;
import dev.phasecheck.rules.relay.RelayPair;

@RuleDef(id = "relay-phase-altered", severity = Severity.ERROR,
        summary = "a proxy under test changed a phase on the way, added one to a message that had none, or put one on a non-assistant item")
public final class RelayPhaseAltered extends Rule implements RelayCheck {

    @Override
    public void check(RelayPair pair, RelayOut out) {
        for (Difference d : pair.differences()) {
            if (d.kind() != Difference.Kind.PHASE_ALTERED) continue;
            out.report(this, pair, d, "the proxy changed the phase of " + d.what() + " (" + d.direction() + "): " + d.detail());
        }
    }
}
