package dev.phasecheck.junit;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.ScenarioException;
import dev.phasecheck.server.Simulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit extension behind {@link PhaseConformanceTest}, also usable through
 * {@code @RegisterExtension} with {@link #builder()}. All state lives in JUnit's
 * {@link ExtensionContext.Store}, so parallel test execution is safe.
 */
public final class PhaseConformanceExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PhaseConformanceExtension.class);

    /** Settings given through the builder, or null when they come from the annotation. */
    private final Settings given;

    /** Used by {@code @ExtendWith}: settings come from {@link PhaseConformanceTest}. */
    public PhaseConformanceExtension() {
        this.given = null;
    }

    private PhaseConformanceExtension(Settings settings) {
        this.given = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Everything a run is configured with. */
    record Settings(String scenario, Conformance conformance, boolean perClass, Integer eventDelayMs) {}

    /** Builds an extension for {@code @RegisterExtension}. */
    public static final class Builder {
        private String scenario;
        private Severity failOn = Severity.ERROR;
        private final List<String> rulesOff = new ArrayList<>();
        private final List<String> phaseModels = new ArrayList<>();
        private Path config;
        private Path baseline;
        private boolean perClass;
        private Integer eventDelayMs;

        private Builder() {}

        /** A built-in scenario id or a scenario file. Required. */
        public Builder scenario(String idOrFile) {
            this.scenario = idOrFile;
            return this;
        }

        /** The lowest failing severity; null never fails on findings. */
        public Builder failOn(Severity severity) {
            this.failOn = severity;
            return this;
        }

        public Builder ruleOff(String... ids) {
            rulesOff.addAll(List.of(ids));
            return this;
        }

        public Builder phaseModel(String... patterns) {
            phaseModels.addAll(List.of(patterns));
            return this;
        }

        public Builder config(Path file) {
            this.config = file;
            return this;
        }

        /**
         * A baseline file ({@code phasecheck lint --write-baseline}): the findings it records are
         * accepted and do not fail the test; new ones still do. Read when the extension is built.
         */
        public Builder baseline(Path file) {
            this.baseline = file;
            return this;
        }

        /** One server for all tests of the class (requires a static field). */
        public Builder perClass() {
            this.perClass = true;
            return this;
        }

        public Builder eventDelayMs(int ms) {
            this.eventDelayMs = ms;
            return this;
        }

        public PhaseConformanceExtension build() {
            if (scenario == null || scenario.isBlank()) throw new IllegalStateException("a scenario is required");
            return new PhaseConformanceExtension(new Settings(scenario,
                    new Conformance(new FailOn(failOn), rulesOff, phaseModels, config, baseline), perClass, eventDelayMs));
        }
    }

    private Settings settings(ExtensionContext context) {
        if (given != null) return given;
        Optional<PhaseConformanceTest> a = context.getElement()
                .flatMap(e -> AnnotationSupport.findAnnotation(e, PhaseConformanceTest.class));
        if (a.isEmpty()) a = context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, PhaseConformanceTest.class));
        PhaseConformanceTest t = a.orElseThrow(() -> new ExtensionConfigurationException(
                "PhaseConformanceExtension needs @PhaseConformanceTest or PhaseConformanceExtension.builder()"));
        try {
            return new Settings(t.scenario(), new Conformance(Conformance.parseFailOn(t.failOn()), List.of(t.rulesOff()),
                    List.of(t.phaseModels()), t.config().isBlank() ? null : Path.of(t.config())), t.perClass(),
                    t.eventDelayMs() < 0 ? null : t.eventDelayMs());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@PhaseConformanceTest: " + e.getMessage(), e);
        }
    }

    /** What one server needs: the simulator (closed by JUnit with its store) and the linter. */
    private record Running(Simulator simulator, Linter linter, Settings settings) implements AutoCloseable {
        @Override
        public void close() {
            simulator.close();
        }
    }

    private static Running start(Settings s) {
        Scenario scenario;
        try {
            scenario = Scenario.load(s.scenario());
        } catch (ScenarioException e) {
            throw new ExtensionConfigurationException("phasecheck scenario: " + e.getMessage(), e);
        }
        Linter linter;
        try {
            linter = new Linter(s.conformance().config());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("phasecheck configuration: " + e.getMessage(), e);
        }
        Simulator sim = Simulator.start(scenario, Simulator.Settings.defaults().withEventDelayMs(s.eventDelayMs()));
        return new Running(sim, linter, s);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Settings s = settings(context);
        if (s.perClass()) context.getStore(NAMESPACE).computeIfAbsent("class-server", k -> start(s), Running.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Settings s = settings(context);
        Running running = s.perClass() ? classServer(context, s)
                : context.getStore(NAMESPACE).computeIfAbsent("server", k -> start(s), Running.class);
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                + " (" + running.simulator().scenario().id() + ")";
        // the test's conversation key: unique per test (its JUnit unique id), readable in reports
        String key = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                + "#" + Integer.toHexString(context.getUniqueId().hashCode());
        context.getStore(NAMESPACE).put("view", new SimulatedServer(running.simulator(), running.linter(),
                running.simulator().exchanges(), running.simulator().conversations().size(), key, s.perClass(), name));
    }

    private static Running classServer(ExtensionContext context, Settings s) {
        // per-class: started in beforeAll (or lazily, when the extension was registered on an instance field)
        ExtensionContext classContext = context.getParent().orElse(context);
        return classContext.getStore(NAMESPACE).computeIfAbsent("class-server", k -> start(s), Running.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SimulatedServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SimulatedServer view = context.getStore(NAMESPACE).get("view", SimulatedServer.class);
        if (view == null) throw new ParameterResolutionException("no simulated server for this test");
        return view;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SimulatedServer view = context.getStore(NAMESPACE).get("view", SimulatedServer.class);
        if (view == null) return;
        Settings s = settings(context);
        if (view.exchanges() == 0) {
            throw new PhaseConformanceError("phasecheck: the test sent nothing to the simulated server at " + view.baseUrl()
                    + " (scenario " + view.scenario() + "): give the client SimulatedServer.baseUrl() as its base URL",
                    List.of());
        }
        LintResult result = view.lint();
        List<Finding> failing = s.conformance().failing(result.findings());
        if (!failing.isEmpty()) {
            throw new PhaseConformanceError("phasecheck found " + failing.size() + " finding" + (failing.size() == 1 ? "" : "s")
                    + " at or above " + s.conformance().failOn().id() + " in what the test sent (scenario " + view.scenario()
                    + "; " + view.conversationSummary() + "):\n" + Conformance.report(result, failing), failing);
        }
    }
}
