package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;

/** Reported by the linter at the end of a transcript in which no replay was checked. */
@RuleDef(id = "nothing-checked", severity = Severity.INFO,
        summary = "a transcript in which no request replays or references an earlier assistant message")
public final class NothingChecked extends Rule {}
