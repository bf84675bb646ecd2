package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;

/** Reported by the readers (see {@code dev.phasecheck.rules.read}); the linter routes their problems here. */
@RuleDef(id = "transcript-unreadable", severity = Severity.ERROR,
        summary = "input that cannot be read: not JSON, not an object, no request, no HAR entries, bad SSE data, a truncated stream")
public final class TranscriptUnreadable extends Rule {}
