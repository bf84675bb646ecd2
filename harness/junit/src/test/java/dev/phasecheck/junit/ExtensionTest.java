package dev.phasecheck.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.phasecheck.rules.api.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension, run through the Jupiter engine with EngineTestKit: what passes, what fails, and with what message. */
class ExtensionTest {

    // ---- the test classes under test (run only through EngineTestKit, hence the naming) ----

    @PhaseConformanceTest(scenario = "chat-follow-up")
    static class AnnotatedCase {
        @Test
        void conformant(SimulatedServer server) throws Exception {
            new ConformantAgent(server.baseUrl(), false).chat(3);
        }

        @Test
        void dropsPhase(SimulatedServer server) throws Exception {
            new ConformantAgent(server.baseUrl(), true).chat(3);
        }

        @Test
        void sendsNothing(SimulatedServer server) {
            // forgot to call the agent
        }

        @Test
        void seesFindingsSoFar(SimulatedServer server) throws Exception {
            new ConformantAgent(server.baseUrl(), true).chat(2);
            if (server.findings().stream().noneMatch(f -> f.rule().equals("phase-dropped"))) {
                throw new AssertionError("findings so far should show phase-dropped");
            }
            if (!server.baseUrl().endsWith("/v1")) throw new AssertionError(server.baseUrl());
        }
    }

    static class BuilderCase {
        @RegisterExtension
        PhaseConformanceExtension phase = PhaseConformanceExtension.builder()
                .scenario("chat-follow-up").failOn(Severity.ERROR).ruleOff("phase-dropped").build();

        @Test
        void dropsPhaseButTheRuleIsOff(SimulatedServer server) throws Exception {
            new ConformantAgent(server.baseUrl(), true).chat(3);
        }
    }

    @PhaseConformanceTest(scenario = "chat-follow-up", perClass = true)
    static class PerClassCase {
        @Test
        void first(SimulatedServer server) throws Exception {
            new ConformantAgent(server.baseUrl(), false).chat(1);
        }

        @Test
        void second(SimulatedServer server) throws Exception {
            if (server.exchanges() != 0) throw new AssertionError("exchanges count from this test's start");
            new ConformantAgent(server.baseUrl(), false).chat(1);
        }
    }

    /** Tests that share one server and run in parallel: each tells its client its key. */
    @PhaseConformanceTest(scenario = "chat-follow-up", perClass = true)
    static class ParallelPerClassCase {
        private static void conformant(SimulatedServer server) throws Exception {
            new ConformantAgent(server.baseUrl(), false).headers(server.headers()).chat(3);
            if (server.conversations().size() != 1) throw new AssertionError("one conversation: " + server.conversations());
            if (!server.conversations().get(0).completed()) throw new AssertionError("its whole script");
            if (!server.conversations().get(0).key().equals(server.key())) throw new AssertionError("named by its key");
        }

        @Test
        void a(SimulatedServer server) throws Exception {
            conformant(server);
        }

        @Test
        void b(SimulatedServer server) throws Exception {
            conformant(server);
        }

        @Test
        void c(SimulatedServer server) throws Exception {
            conformant(server);
        }

        @Test
        void dropsPhase(SimulatedServer server) throws Exception {
            new ConformantAgent(server.baseUrl(), true).headers(server.headers()).chat(3);
        }

        @Test
        void twoConversations(SimulatedServer server) throws Exception {
            new ConformantAgent(server.baseUrl(), false).headers(java.util.Map.of(server.conversationHeader(), server.key() + "/1")).chat(3);
            new ConformantAgent(server.baseUrl(), false).headers(java.util.Map.of(server.conversationHeader(), server.key() + "/2")).chat(3);
            if (server.conversations().size() != 2) throw new AssertionError("two conversations: " + server.conversations());
        }
    }

    @PhaseConformanceTest(scenario = "no-such-scenario")
    static class BadScenarioCase {
        @Test
        void anything(SimulatedServer server) {
        }
    }

    // ---- the tests ----

    @Test
    void annotationDoor() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(AnnotatedCase.class)).execute().testEvents()
                .assertStatistics(s -> s.started(4).succeeded(1).failed(3))
                .assertThatEvents()
                .haveExactly(1, event(test("conformant"), finishedSuccessfully()))
                // its own checks of findings() and baseUrl() pass; the extension then fails it for the dropped phase
                .haveExactly(1, event(test("seesFindingsSoFar"), finishedWithFailure(instanceOf(PhaseConformanceError.class))))
                .haveExactly(1, event(test("dropsPhase"), finishedWithFailure(instanceOf(PhaseConformanceError.class),
                        message(m -> m.contains("[phase-dropped]") && m.contains("at conversation c1, exchange 1, /request/input/1")
                                && m.contains("other side: ") && m.contains("phase \"commentary\"")))))
                .haveExactly(1, event(test("sendsNothing"), finishedWithFailure(instanceOf(PhaseConformanceError.class),
                        message(m -> m.contains("sent nothing to the simulated server")))));
    }

    @Test
    void builderDoor() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(BuilderCase.class)).execute().testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void perClassServerJudgesEachTestOnItsOwnExchanges() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerClassCase.class)).execute().testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));
    }

    @Test
    void aBadScenarioFailsWithAClearMessage() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(BadScenarioCase.class)).execute().testEvents()
                .assertThatEvents().haveExactly(1, event(test("anything"),
                        finishedWithFailure(message(m -> m.contains("unknown scenario 'no-such-scenario'")))));
    }

    @Test
    void parallelTestsOnOnePerClassServerAreJudgedOnTheirOwnConversations() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ParallelPerClassCase.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .execute().testEvents()
                .assertStatistics(s -> s.started(5).succeeded(4).failed(1))
                .assertThatEvents()
                .haveExactly(1, event(test("dropsPhase"), finishedWithFailure(instanceOf(PhaseConformanceError.class),
                        message(m -> m.contains("[phase-dropped]") && m.contains("1 conversation served, 1 completed its script")))));
    }

    @Test
    void parallelExecutionIsSafe() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(AnnotatedCase.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .execute().testEvents()
                .assertStatistics(s -> s.started(4).succeeded(1).failed(3));
    }
}
