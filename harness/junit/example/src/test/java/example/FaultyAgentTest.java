package example;

import dev.phasecheck.junit.PhaseConformanceExtension;
import dev.phasecheck.junit.SimulatedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same agent rebuilding assistant messages from their text: phase is dropped, and this test
 * FAILS, on purpose (run it with -Pshow-failure to see how the failure reads).
 */
class FaultyAgentTest {
    @RegisterExtension
    PhaseConformanceExtension phase = PhaseConformanceExtension.builder().scenario("tool-loop").build();

    @Test
    void dropsPhaseWhenItRebuildsHistory(SimulatedServer server) throws Exception {
        new Agent(server.baseUrl(), false).run("Refactor the auth module", 5);
    }
}
