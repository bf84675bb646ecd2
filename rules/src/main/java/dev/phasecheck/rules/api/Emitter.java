package dev.phasecheck.rules.api;

import dev.phasecheck.rules.json.Items;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Where rules report. Applies the configuration (severity override or {@code off}) and
 * phase-model awareness, then hands the finding on.
 */
public final class Emitter {
    /** Receives effective findings. */
    public interface Sink {
        void accept(Finding finding);
    }

    private final Map<String, Optional<Severity>> overrides;
    private final Map<Object, Object> state = new java.util.HashMap<>();
    private final PhaseModels phaseModels;
    private final java.util.Set<String> observed = new java.util.HashSet<>();
    private final Sink sink;
    /** Detached: used off the transcript's sequential pass (see {@link #detached}). */
    private final boolean detached;

    /**
     * Thrown by a {@linkplain #detached detached} emitter when a rule asks what only the
     * transcript's sequential pass knows (the phase models observed so far, or scratch state that
     * is not a {@link Memo}): the caller runs that rule again in sequence. Carries no stack trace.
     */
    public static final class NeedsSequence extends RuntimeException {
        public NeedsSequence() {
            super("needs the transcript's sequential pass", null, false, false);
        }
    }

    /**
     * Scratch state that only saves work: a rule reports the same findings whatever it holds (for
     * example items already found valid). A detached emitter keeps its own.
     */
    public interface Memo {}

    /**
     * @param overrides   rule id → severity, or empty for {@code off} (rules not named keep their default)
     * @param phaseModels the phase-model patterns
     * @param sink        where effective findings go
     */
    public Emitter(Map<String, Optional<Severity>> overrides, PhaseModels phaseModels, Sink sink) {
        this.overrides = Map.copyOf(overrides);
        this.phaseModels = phaseModels;
        this.sink = sink;
        this.detached = false;
    }

    private Emitter(Emitter of, Sink sink) {
        this.overrides = of.overrides;
        this.phaseModels = of.phaseModels;
        this.sink = sink;
        this.detached = true;
    }

    /**
     * An emitter with the same configuration for checking exchanges off the transcript's
     * sequential pass (on another thread): what it reports is what this one would, or it throws
     * {@link NeedsSequence} where the answer depends on the exchanges before (phase models observed
     * by {@link #observe}) or on scratch state that is not a {@link Memo}.
     */
    public Emitter detached(Sink sink) {
        return new Emitter(this, sink);
    }

    /**
     * Scratch state a rule keeps for the current transcript (rules themselves are shared and
     * immutable; the emitter lives exactly as long as one transcript).
     */
    @SuppressWarnings("unchecked")
    public <T> T state(Class<T> key, java.util.function.Supplier<T> create) {
        if (detached && !Memo.class.isAssignableFrom(key)) throw new NeedsSequence();
        return (T) state.computeIfAbsent(key, k -> create.get());
    }

    public PhaseModels phaseModels() {
        return phaseModels;
    }

    /**
     * True when the model is a phase model: by name (built-in or configured patterns), or because
     * a response of this transcript from it carried a non-null phase (see {@link #observe}).
     */
    public boolean isPhaseModel(String model) {
        if (model == null || model.isBlank()) return false;
        if (phaseModels.isPhaseModel(model)) return true;
        if (detached) throw new NeedsSequence();
        return observed.contains(PhaseModels.normalize(model));
    }

    /** Notes the models of an exchange whose response labels an assistant message with a phase. */
    public void observe(dev.phasecheck.rules.read.Exchange ex) {
        if (detached) throw new IllegalStateException("a detached emitter observes nothing");
        for (dev.phasecheck.rules.read.OutputItem oi : ex.outputItems()) {
            if (Items.isAssistantMessage(oi.item())) {
                JsonNode phase = oi.item().get("phase");
                if (phase != null && phase.isString()) {
                    if (ex.model() != null) observed.add(PhaseModels.normalize(ex.model()));
                    if (ex.responseModel() != null) observed.add(PhaseModels.normalize(ex.responseModel()));
                    return;
                }
            }
        }
    }

    /** True when the rule is turned off, so a caller may skip the work of checking it. */
    public boolean isOff(Rule rule) {
        Optional<Severity> o = overrides.get(rule.id());
        return o != null && o.isEmpty();
    }

    /**
     * Starts a finding on an exchange: its file, index and line, and its model for phase-model
     * awareness; finish it with {@link Report#report}, e.g.
     * {@code out.at(ex).pointer(p).message(m).value(v).related(r).report(this)}.
     */
    public Report at(dev.phasecheck.rules.read.Exchange ex) {
        return new Report(ex.file(), ex.index(), ex.line()).model(ex.model());
    }

    /** Starts a finding at a place in a transcript (index and line null for a file-level finding). */
    public Report at(String file, Integer index, Integer line) {
        return new Report(file, index, line);
    }

    /**
     * Reports a finding on an exchange at {@code severity} rather than the rule's default, for a
     * context that makes it graver (a probe of a live server); a configured severity, or off, still wins.
     */
    public void reportAt(Rule rule, Severity severity, dev.phasecheck.rules.read.Exchange ex, String pointer, String message,
                         JsonNode value) {
        Optional<Severity> o = overrides.get(rule.id());
        if (o != null && o.isEmpty()) return;
        sink.accept(new Finding(rule.id(), o != null ? o.get() : severity, message, ex.file(), ex.index(), ex.line(), pointer,
                value, List.of()));
    }

    /**
     * A finding being described (in the manner of Error Prone's {@code Description}); nothing is
     * reported until {@link #report}. Unset parts are null (the pointer: the whole exchange, "").
     */
    public final class Report {
        private final String file;
        private final Integer index;
        private final Integer line;
        private String model;
        private String pointer = "";
        private String message;
        private JsonNode value;
        private List<Related> related = List.of();

        private Report(String file, Integer index, Integer line) {
            this.file = file;
            this.index = index;
            this.line = line;
        }

        /** The model the exchange talks to, for phase-model aware rules (may be null). */
        public Report model(String model) {
            this.model = model;
            return this;
        }

        /** An RFC 6901 pointer into the exchange object. */
        public Report pointer(String pointer) {
            this.pointer = pointer;
            return this;
        }

        /** One line a person can act on. */
        public Report message(String message) {
            this.message = message;
            return this;
        }

        /** The offending value as sent (null when absent or not applicable). */
        public Report value(JsonNode value) {
            this.value = value;
            return this;
        }

        /** The evidence on the other side (for replay rules, the earlier output items). */
        public Report related(List<Related> related) {
            this.related = related == null ? List.of() : related;
            return this;
        }

        /** The evidence on the other side. */
        public Report related(Related... related) {
            return related(List.of(related));
        }

        /** Reports the finding of this rule, with the configuration and phase-model awareness applied. */
        public void report(Rule rule) {
            if (message == null) throw new IllegalStateException("a finding of " + rule.id() + " without a message");
            emit(rule, this);
        }
    }

    private void emit(Rule rule, Report r) {
        Optional<Severity> o = overrides.get(rule.id());
        if (o != null && o.isEmpty()) return;
        Severity severity = o != null ? o.get() : rule.info().defaultSeverity();
        String message = r.message;
        if (rule.info().phaseModelAware() && !isPhaseModel(r.model)) {
            severity = severity.lower();
            message = message + " (one step lower: " + (r.model == null ? "no model named" : r.model)
                    + " is not a phase model)";
        }
        sink.accept(new Finding(rule.id(), severity, message, r.file, r.index, r.line, r.pointer, r.value, r.related));
    }
}
