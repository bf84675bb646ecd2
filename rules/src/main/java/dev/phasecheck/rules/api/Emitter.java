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

    /**
     * @param overrides   rule id → severity, or empty for {@code off} (rules not named keep their default)
     * @param phaseModels the phase-model patterns
     * @param sink        where effective findings go
     */
    public Emitter(Map<String, Optional<Severity>> overrides, PhaseModels phaseModels, Sink sink) {
        this.overrides = Map.copyOf(overrides);
        this.phaseModels = phaseModels;
        this.sink = sink;
    }

    /**
     * Scratch state a rule keeps for the current transcript (rules themselves are shared and
     * immutable; the emitter lives exactly as long as one transcript).
     */
    @SuppressWarnings("unchecked")
    public <T> T state(Class<T> key, java.util.function.Supplier<T> create) {
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
        return phaseModels.isPhaseModel(model) || observed.contains(PhaseModels.normalize(model));
    }

    /** Notes the models of an exchange whose response labels an assistant message with a phase. */
    public void observe(dev.phasecheck.rules.read.Exchange ex) {
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

    /** Reports a finding on an exchange, with the exchange's model for phase-model awareness. */
    public void report(Rule rule, dev.phasecheck.rules.read.Exchange ex, String pointer, String message, JsonNode value) {
        report(rule, ex.model(), ex.file(), ex.index(), ex.line(), pointer, message, value, List.of());
    }

    /** Reports a finding on an exchange, with evidence on the other side. */
    public void report(Rule rule, String model, dev.phasecheck.rules.read.Exchange ex, String pointer, String message,
                       JsonNode value, List<Related> related) {
        report(rule, model, ex.file(), ex.index(), ex.line(), pointer, message, value, related);
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
     * Reports a finding.
     *
     * @param model the model the exchange talks to, for phase-model aware rules (may be null)
     */
    public void report(Rule rule, String model, String file, Integer index, Integer line, String pointer,
                       String message, JsonNode value, List<Related> related) {
        Optional<Severity> o = overrides.get(rule.id());
        if (o != null && o.isEmpty()) return;
        Severity severity = o != null ? o.get() : rule.info().defaultSeverity();
        if (rule.info().phaseModelAware() && !isPhaseModel(model)) {
            severity = severity.lower();
            message = message + " (one step lower: " + (model == null ? "no model named" : model)
                    + " is not a phase model)";
        }
        sink.accept(new Finding(rule.id(), severity, message, file, index, line, pointer, value, related));
    }
}
