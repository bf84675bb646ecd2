package dev.phasecheck.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A stateless client resends its history every turn: a fault is reported once, with its repeats. */
class OneFindingPerFaultTest {

    /** long-horizon as a client that drops phase from every commentary it resends: 12 steps, then a final answer. */
    static String longHorizonDroppingPhase() {
        StringBuilder out = new StringBuilder();
        StringBuilder history = new StringBuilder("{\"role\":\"user\",\"content\":\"Fix the build\"}");
        for (int k = 1; k <= 13; k++) {
            String output = k <= 12
                    ? "{\"id\":\"msg_" + k + "\",\"type\":\"message\",\"role\":\"assistant\",\"phase\":\"commentary\",\"content\":"
                      + "[{\"type\":\"output_text\",\"text\":\"Step " + k + ".\",\"annotations\":[]}]},"
                      + "{\"type\":\"function_call\",\"id\":\"fc_" + k + "\",\"call_id\":\"call_" + k + "\",\"name\":\"run_command\","
                      + "\"arguments\":\"{}\"}"
                    : "{\"id\":\"msg_final\",\"type\":\"message\",\"role\":\"assistant\",\"phase\":\"final_answer\",\"content\":"
                      + "[{\"type\":\"output_text\",\"text\":\"Done.\",\"annotations\":[]}]}";
            out.append("{\"url\":\"/v1/responses\",\"request\":{\"model\":\"gpt-5.5\",\"input\":[").append(history)
                    .append("]},\"response\":{\"id\":\"resp_").append(k).append("\",\"model\":\"gpt-5.5\",\"output\":[")
                    .append(output).append("]}}\n");
            if (k <= 12) {
                // the client keeps the message but loses its phase, and keeps the call and its output
                history.append(",{\"id\":\"msg_").append(k).append("\",\"type\":\"message\",\"role\":\"assistant\",\"content\":")
                        .append("[{\"type\":\"output_text\",\"text\":\"Step ").append(k).append(".\",\"annotations\":[]}]}")
                        .append(",{\"type\":\"function_call\",\"id\":\"fc_").append(k).append("\",\"call_id\":\"call_").append(k)
                        .append("\",\"name\":\"run_command\",\"arguments\":\"{}\"}")
                        .append(",{\"type\":\"function_call_output\",\"call_id\":\"call_").append(k).append("\",\"output\":\"ok\"}");
            }
        }
        return out.toString();
    }

    private static LintResult lint(Config config, String text) {
        return new Linter(config).lintJsonl(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.jsonl");
    }

    @Test
    void twelveDroppedMessagesAreTwelveFindingsEachWithItsRepeats() {
        LintResult r = lint(Config.defaults(), longHorizonDroppingPhase());
        var dropped = r.findings().stream().filter(f -> f.rule().equals("phase-dropped")).toList();
        assertEquals(12, dropped.size(), () -> r.findings().toString());
        int total = 0;
        for (Finding f : dropped) {
            total += 1 + f.repeats().size();
            // message k is first replayed by request k (0-based index k) and repeated by every later request
            int k = f.related().get(0).index() + 1; // message k came in response k - 1 and is resent by requests k … 12
            assertEquals(13 - k, 1 + f.repeats().size(), f.toString());
            for (int j = 0; j < f.repeats().size(); j++) {
                assertEquals(f.index() + 1 + j, f.repeats().get(j).index());
                assertEquals(f.pointer(), f.repeats().get(j).pointer(), "a resent history keeps its place");
            }
        }
        assertEquals(78, total, "every occurrence is still accounted for, as a repeat");
    }

    @Test
    void everyOccurrenceReportsEachAsItsOwnFinding() {
        LintResult r = lint(Config.defaults().withEveryOccurrence(true), longHorizonDroppingPhase());
        var dropped = r.findings().stream().filter(f -> f.rule().equals("phase-dropped")).toList();
        assertEquals(78, dropped.size());
        assertTrue(dropped.stream().allMatch(f -> f.repeats().isEmpty()));
    }

    @Test
    void aDifferentFaultOnTheSameMessageIsItsOwnFinding() {
        // altered to final_answer in one request and to commentary2 in the next: two faults, not one
        String t1 = ReplayTest.T1;
        String alteredA = ReplayTest.turn2Line(ReplayTest.M1.replace("\"commentary\"", "\"final_answer\"") + "," + ReplayTest.M2);
        String alteredB = ReplayTest.turn2Line(ReplayTest.M1 + "," + ReplayTest.M2.replace("\"final_answer\"", "\"commentary\""));
        LintResult r = lint(Config.defaults(), t1 + alteredA + alteredB);
        assertEquals(2, r.findings().stream().filter(f -> f.rule().equals("phase-altered")).count(), r.findings().toString());
    }
}
