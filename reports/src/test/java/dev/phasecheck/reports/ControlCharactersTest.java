package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Terminal escapes and other control characters in transcript text stay inert in text and Markdown. */
class ControlCharactersTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Erases the line, returns the cursor and writes a fake summary; C1 CSI, BEL, NUL, DEL, a bidi override. */
    static final String FAKE = "bad\u001b[2K\r0 errors\nfake line\u009b31m\u0007\u0000\u007f\u202e";

    static LintResult controls() {
        Finding f = new Finding("phase-invalid", Severity.ERROR, "phase " + FAKE, "file" + FAKE + ".jsonl", 0, 1,
                "/response/output/0" + FAKE, NODES.stringNode(FAKE),
                List.of(new Related("rel" + FAKE, 0, 1, "/p" + FAKE, NODES.stringNode(FAKE))));
        return new LintResult(List.of(new FileSummary("file" + FAKE + ".jsonl", 1, 0)), List.of(f));
    }

    @Test
    void controlCharactersAreEscapedInTextAndMarkdown() throws Exception {
        LintResult r = controls();
        ReportContext context = new ReportContext("0.1.0\u001b[1A", dev.phasecheck.rules.api.FailOn.parse("error"), dev.phasecheck.rules.engine.Rules.all());
        for (Reporter rep : List.of(new TextReporter(), new MarkdownReporter())) {
            String out = RedactionTest.render(rep, r, context);
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == '\u202e';
                assertFalse(control, rep.format() + " writes U+" + String.format("%04X", (int) c) + " raw at " + i + ": " + out);
            }
            for (String line : out.split("\n", -1)) {
                assertFalse(line.startsWith("0 errors") || line.startsWith("fake"), rep.format() + " has a faked line: " + out);
            }
            assertTrue(out.contains("bad\\u001b"), out);
            assertTrue(out.contains("\\u000d0 errors\\u000afake line\\u009b31m\\u0007\\u0000\\u007f\\u202e"), out);
        }
    }

    @Test
    void theSharedHelperEscapesEveryControlAndNothingElse() {
        assertEquals("a\\u001bb\\u000ac\\u000d\\u0085", Printable.escape("a\u001bb\nc\r\u0085"), "a value's own newline is escaped too");
        assertEquals("tab\\u0009 ok é 日本 🎉 \\ \\u not an escape", Printable.escape("tab\t ok é 日本 🎉 \\ \\u not an escape"));
        assertEquals("x\\u2028y\\u2066z", Printable.escape("x\u2028y\u2066z"));
        String plain = "nothing to do";
        assertTrue(plain == Printable.escape(plain), "no copy when nothing changes");
        for (char c = 0; c < 0x20; c++) assertEquals(String.format("\\u%04x", (int) c), Printable.escape(String.valueOf(c)));
        for (char c = 0x7f; c <= 0x9f; c++) assertEquals(String.format("\\u%04x", (int) c), Printable.escape(String.valueOf(c)));
    }

    @Test
    void markdownCellsCannotBeBrokenOutOf() throws Exception {
        Finding f = new Finding("phase-invalid", Severity.ERROR, "a\\|b | c", "f.jsonl", 0, 1, "/x", null, List.of());
        String md = RedactionTest.render(new MarkdownReporter(), new LintResult(List.of(new FileSummary("f.jsonl", 1, 0)), List.of(f)),
                ReportsTest.CONTEXT);
        String row = md.lines().filter(l -> l.startsWith("| error |")).findFirst().orElseThrow();
        // GFM splits a row at every pipe not escaped by a backslash, and a backslash escapes a backslash
        int pipes = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '\\') i++;
            else if (row.charAt(i) == '|') pipes++;
        }
        assertEquals(5, pipes, "four cells: " + row);
    }
}
