package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;

/**
 * Reported by the engine when phasecheck itself fails on an exchange (an exception while reading
 * or checking it): phasecheck's fault, never the input's. Counted in the summary's
 * {@code internalErrors}; a run with any exits 2 whatever the fail-on threshold.
 */
@RuleDef(id = "internal-error", severity = Severity.ERROR,
        summary = "phasecheck itself failed on this input (a bug in phasecheck, not a problem of the input): it could not be checked")
public final class InternalFailure extends Rule {}
