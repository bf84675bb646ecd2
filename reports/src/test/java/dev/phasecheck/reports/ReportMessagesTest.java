package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding messages as the reports show them: the reports add nothing of the parser's internals. */
class ReportMessagesTest {
    @TempDir
    Path dir;

    @Test
    void reportsAddNoParserInternalsToUnreadableInput() throws Exception {
        Path f = dir.resolve("broken.jsonl");
        Files.writeString(f, "{\"request\": {\"model\": \"gpt-5.4\", \"input\": [}\n{not json\n\"just a string\"\n{\"request\":");
        ReportsTest.Linted linted = ReportsTest.lint(List.of(TranscriptInput.of(f, "broken.jsonl")));
        LintResult r = linted.result();
        assertFalse(r.findings().isEmpty());
        for (Reporter rep : RedactionTest.allReporters()) {
            String out = RedactionTest.render(rep, r, linted.context());
            for (String internal : List.of("[Source:", "byte offset", "#UNKNOWN", "REDACTED (", "tools.jackson", "JacksonException", "StreamReadException")) {
                // neither the core's messages nor the reports may speak of the parser's internals
                assertFalse(out.contains(internal), rep.format() + " shows " + internal + ": " + out);
            }
        }
    }
}
