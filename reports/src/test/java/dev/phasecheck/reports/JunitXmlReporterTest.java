package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.Rules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JUnit XML: the lint result run as tests through the JUnit Platform Launcher's own XML reporting. */
class JunitXmlReporterTest {
    static Path fixtures() {
        return Path.of(System.getProperty("phasecheck.fixtures", "../fixtures"));
    }

    static String xml(LintResult result, FailOn failOn) throws Exception {
        var buf = new ByteArrayOutputStream();
        new JunitXmlReporter().write(result, new ReportContext("t", failOn, Rules.all()), buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theCliWritesJunitXmlThroughTheLauncher() throws Exception {
        var result = new Linter().lint(fixtures().resolve("examples/agent-loop-drops-phase.jsonl"));
        String xml = xml(result, FailOn.ERROR);
        assertTrue(xml.startsWith("<?xml"), xml);
        assertTrue(xml.contains("<testsuite name=\"phasecheck\" tests=\"" + Rules.all().size() + "\""), xml);
        assertTrue(xml.contains("failures=\"1\""), xml);
        assertTrue(xml.contains("<testcase name=\"phase-dropped\""), xml);
        assertTrue(!xml.contains("<properties>"), "no system properties (they may hold secrets)");
        assertEquals(1, xml.split("<failure").length - 1);
    }

    @Test
    void internalErrorsFailWhateverTheThresholdAndNoFindingIsLeftOut() throws Exception {
        Finding internal = new Finding(LintResult.INTERNAL_ERROR, Severity.ERROR, "phasecheck failed on this exchange",
                "a.jsonl", 0, 1, null, null, List.of());
        Finding warning = new Finding("phase-dropped", Severity.WARNING, "dropped", "a.jsonl", 0, 1, "/request/input/0", null, List.of());
        Finding unknown = new Finding("not-in-the-catalogue", Severity.ERROR, "from elsewhere", "b.jsonl", 0, 1, null, null, List.of());
        LintResult result = new LintResult(List.of(new FileSummary("a.jsonl", 1, 0)), List.of(internal, warning, unknown));
        String never = xml(result, FailOn.NEVER);
        assertEquals(1, never.split("<failure").length - 1, never);
        assertTrue(never.contains("<testcase name=\"internal-error\" classname=\"a.jsonl\""), never);
        assertTrue(never.contains("phasecheck failed on this exchange"), never);
        // a rule or file the catalogue and the file list do not name still has a test (skipping it would be a false green)
        String error = xml(result, FailOn.ERROR);
        assertTrue(error.contains("<testcase name=\"not-in-the-catalogue\" classname=\"b.jsonl\""), error);
        assertEquals(2, error.split("<failure").length - 1, error);
        assertFalse(error.contains("<testcase name=\"phase-dropped\" classname=\"a.jsonl\" time=\"[^\"]*\">\\s*<failure"), error);
        assertEquals(3, xml(result, FailOn.parse("warning")).split("<failure").length - 1);
    }
}
