package example;

import dev.phasecheck.junit.PhaseConformanceTest;
import dev.phasecheck.junit.SimulatedServer;
import org.junit.jupiter.api.Test;

/** The agent replays output items verbatim: phase survives every turn, and the test passes. */
@PhaseConformanceTest(scenario = "tool-loop")
class AgentTest {
    @Test
    void keepsPhaseAcrossTurns(SimulatedServer server) throws Exception {
        new Agent(server.baseUrl(), true).run("Refactor the auth module", 5);
    }
}
