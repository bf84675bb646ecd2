package dev.phasecheck.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The large transcript the HTML report is measured on (ReportsTest, and scripts/render-report.sh,
 * which runs this file with the JDK's source launcher: JDK classes only, no dependencies). An
 * agent loop of {@code n} turns: each response one assistant message, phases alternating; the
 * history grows and restarts every 50 turns (a new conversation); every 97th turn (from turn 5) the
 * client replays the message without its phase, so the report has findings to place.
 *
 * <p>{@code java reports/src/test/java/dev/phasecheck/reports/BigTranscript.java OUT.jsonl [N]}
 */
public final class BigTranscript {
    private BigTranscript() {}

    public static final int EXCHANGES = 10_000;

    /** Writes {@code n} exchanges of JSONL to the file. */
    public static void write(Path file, int n) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String start = "{\"role\":\"user\",\"content\":\"go\"}";
            StringBuilder history = new StringBuilder(start);
            for (int i = 0; i < n; i++) {
                String phase = ",\"phase\":\"" + (i % 2 == 0 ? "commentary" : "final_answer") + "\"";
                String msg = "{\"id\":\"m" + i + "\",\"type\":\"message\",\"role\":\"assistant\"" + phase
                        + ",\"content\":[{\"type\":\"output_text\",\"text\":\"Step " + i + ": working on the next part of the task.\"}]}";
                w.write("{\"request\":{\"model\":\"gpt-5.4\",\"input\":[");
                w.append(history);
                w.write("]},\"response\":{\"id\":\"r" + i + "\",\"model\":\"gpt-5.4\",\"output\":[" + msg + "]}}\n");
                history.append(',').append(i % 97 == 5 ? msg.replace(phase, "") : msg);
                if (i % 50 == 49) history.setLength(0);
                if (i % 50 == 49) history.append(start); // a new conversation now and then
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BigTranscript OUT.jsonl [EXCHANGES]");
            System.exit(2);
        }
        write(Path.of(args[0]), args.length == 2 ? Integer.parseInt(args[1]) : EXCHANGES);
    }
}
