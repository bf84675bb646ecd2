package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader thread hands everything over in order, and its failures become findings. */
class PipelineTest {

    @Test
    void manyExchangesKeepTheirOrder() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append(i % 7 == 3 ? "garbage\n" : "{\"request\":{\"model\":\"gpt-5.4\",\"input\":\"q" + i + "\"}}\n");
        }
        LintResult r = new Linter().lintJsonl(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), "t");
        assertEquals(500, r.exchanges());
        List<Integer> lines = r.findings().stream().filter(f -> f.rule().equals("transcript-unreadable"))
                .map(Finding::line).toList();
        assertEquals(71, lines.size());
        for (int k = 0; k < lines.size(); k++) assertEquals(7 * k + 4, lines.get(k));
    }

    @Test
    void aReaderThatFailsMidwayKeepsWhatWasReadAndSaysWhy() {
        byte[] good = (ReplayTest.T1 + ReplayTest.turn2Line(ReplayTest.M2)).getBytes(StandardCharsets.UTF_8);
        InputStream failing = new InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                if (pos < good.length) return good[pos++];
                throw new IOException("disk on fire");
            }
        };
        LintResult r = new Linter().lintJsonl(failing, "t");
        assertEquals(List.of("transcript-unreadable/error@null:", "message-omitted/error@1:/request/input"), Lint.all(r));
        assertTrue(r.findings().get(0).message().contains("disk on fire"));
    }
}
