package dev.phasecheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test against its own simulated Responses API server playing {@link #scenario()},
 * injects a {@link SimulatedServer} parameter, and after the test lints everything the server
 * received: findings at or above {@link #failOn()} fail the test with a {@link PhaseConformanceError}.
 * A test that sent nothing to the server fails too.
 *
 * <pre>
 * &#64;PhaseConformanceTest(scenario = "tool-loop")
 * class AgentTest {
 *   &#64;Test void keepsPhaseAcrossTurns(SimulatedServer server) {
 *     new MyAgent(server.baseUrl()).run("Refactor the auth module");
 *   }
 * }
 * </pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PhaseConformanceExtension.class)
public @interface PhaseConformanceTest {
    /** A built-in scenario id ({@code phasecheck scenarios}) or a scenario file path. */
    String scenario();

    /** The lowest failing severity: {@code error}, {@code warning}, {@code info} or {@code never}. */
    String failOn() default "error";

    /** Rule ids to turn off. */
    String[] rulesOff() default {};

    /** Extra phase-model patterns (globs). */
    String[] phaseModels() default {};

    /** A phasecheck.yaml to read; empty for none. */
    String config() default "";

    /** One server for the whole class (each test is still judged on its own exchanges). */
    boolean perClass() default false;

    /** Pacing of streamed events in milliseconds; negative for the scenario's. */
    int eventDelayMs() default -1;
}
