package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Rule;

/**
 * The engine's own diagnostics: what it reports about the run itself rather than about a rule's
 * check. Listed in the catalogue with the rules (they can be looked up and configured, except
 * {@code internal-error}), but reported only by the engine.
 *
 * @param unreadable     input that cannot be read ({@code transcript-unreadable})
 * @param nothingChecked a transcript that gave the replay rules nothing to check ({@code nothing-checked})
 * @param internalError  phasecheck's own failure ({@code internal-error})
 */
record Diagnostics(Rule unreadable, Rule nothingChecked, Rule internalError) {
    static Diagnostics create() {
        return new Diagnostics(new TranscriptUnreadable(), new NothingChecked(), new InternalFailure());
    }

    /** True for the diagnostics' classes (the registry lists them, the engine reports them). */
    static boolean isDiagnostic(Class<? extends Rule> type) {
        return type == TranscriptUnreadable.class || type == NothingChecked.class || type == InternalFailure.class;
    }
}
