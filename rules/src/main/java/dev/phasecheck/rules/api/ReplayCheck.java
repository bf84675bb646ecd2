package dev.phasecheck.rules.api;

import dev.phasecheck.rules.replay.RequestAnalysis;

/** A rule that judges what a Responses request replays of earlier responses. */
public interface ReplayCheck {
    void check(RequestAnalysis analysis, Emitter out);
}
