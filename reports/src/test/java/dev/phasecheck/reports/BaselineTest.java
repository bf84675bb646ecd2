package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.Rules;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Fingerprints and baselines, through every format that shows them. */
class BaselineTest {
    @TempDir
    Path dir;

    static final String UNRELATED = "{\"url\":\"/v1/responses\",\"request\":{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":"
            + "\"What is 2+2?\"}]},\"response\":{\"id\":\"resp_other\",\"model\":\"gpt-5.4\",\"output\":[{\"id\":\"msg_other\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"phase\":\"final_answer\",\"content\":[{\"type\":\"output_text\",\"text\":\"4\"}]}]}}\n";

    Path dropsPhase() {
        return ReportsTest.fixtures().resolve("examples/agent-loop-drops-phase.jsonl");
    }

    static LintResult lint(Path file, String name) {
        return new Linter().lint(List.of(TranscriptInput.of(file, name)));
    }

    static List<String> fingerprints(LintResult r, String rule) {
        List<String> out = new ArrayList<>();
        for (Finding f : r.findings()) if (f.rule().equals(rule)) out.add(Fingerprints.of(f));
        return out;
    }

    static String render(Reporter r, LintResult result, ReportContext context) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        r.write(result, context, buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFingerprintDoesNotMoveWhenExchangesAreAddedBeforeIt() throws Exception {
        LintResult before = lint(dropsPhase(), "run.jsonl");
        Path longer = dir.resolve("run.jsonl");
        Files.writeString(longer, UNRELATED + UNRELATED + Files.readString(dropsPhase()));
        LintResult after = lint(longer, "run.jsonl");
        List<Finding> b = before.findings().stream().filter(f -> f.rule().equals("phase-dropped")).toList();
        List<Finding> a = after.findings().stream().filter(f -> f.rule().equals("phase-dropped")).toList();
        assertEquals(2, b.size(), "two faults (one of them repeated by a later request)");
        assertEquals(b.size(), a.size());
        assertNotEquals(b.get(0).index(), a.get(0).index(), "the findings moved two exchanges on");
        assertEquals(fingerprints(before, "phase-dropped"), fingerprints(after, "phase-dropped"));
        // and the SARIF report carries the same value
        String sarif = render(new SarifReporter(), after, ReportsTest.CONTEXT);
        assertTrue(sarif.contains("\"phasecheck/v1\" : \"" + Fingerprints.of(a.get(0)) + "\""), sarif);
        // another file, another rule or another place is another fingerprint
        assertNotEquals(fingerprints(before, "phase-dropped").get(0), fingerprints(lint(dropsPhase(), "other.jsonl"), "phase-dropped").get(0));
        assertNotEquals(Fingerprints.of(b.get(0)), Fingerprints.of(b.get(1)), "/request/input/3 and /request/input/7");
        assertEquals(fingerprints(before, "phase-dropped"), fingerprints(lint(dropsPhase(), "./run.jsonl"), "phase-dropped"),
                "./run.jsonl is run.jsonl");
    }

    @Test
    void aBaselinedRunPassesAndEveryFormatSaysSo() throws Exception {
        LintResult r = lint(dropsPhase(), "run.jsonl");
        assertTrue(ReportsTest.CONTEXT.fails(r));
        Path file = dir.resolve("baseline.json");
        try (var out = Files.newOutputStream(file)) {
            Baseline.of(r, null, file.toString()).write(out);
        }
        JsonNode written = JsonMapper.builder().build().readTree(file.toFile());
        assertEquals(2, written.path("entries").size(), "one entry per fault");
        JsonNode e0 = written.path("entries").get(0);
        assertEquals("phase-dropped", e0.path("rule").asString());
        assertEquals("run.jsonl", e0.path("file").asString());
        assertEquals("", e0.path("reason").asString());
        assertEquals(Fingerprints.of(r.findings().get(0)), e0.path("fingerprint").asString());
        // a person writes a reason
        Files.writeString(file, Files.readString(file).replaceFirst("\"reason\" : \"\"", "\"reason\" : \"tracked in JIRA-7\""));
        Baseline baseline = Baseline.load(file);
        ReportContext context = ReportsTest.CONTEXT.withBaseline(baseline, false);
        assertFalse(context.fails(r), "every error is baselined");
        assertEquals(2, context.baselinedCount(r));
        assertTrue(context.stale(r).isEmpty());

        String text = render(new TextReporter(), r, context);
        assertTrue(text.contains("error [phase-dropped] (baselined) replayed"), text);
        assertTrue(text.contains("2 findings baselined (they do not fail the run), 0 stale entries"), text);

        JsonNode json = JsonMapper.builder().build().readTree(render(new JsonReporter(), r, context));
        assertEquals(2, json.path("summary").path("baselined").asInt());
        for (JsonNode f : json.path("findings")) {
            assertEquals(32, f.path("fingerprint").asString().length());
            assertEquals(f.path("rule").asString().equals("phase-dropped"), f.path("baselined").asBoolean(false));
        }
        assertEquals("tracked in JIRA-7", json.path("findings").get(0).path("reason").asString());

        String sarifText = render(new SarifReporter(), r, context);
        JsonNode sarif = JsonMapper.builder().build().readTree(sarifText);
        Schema schema;
        try (InputStream in = getClass().getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(schema.validate(sarif).isEmpty(), schema.validate(sarif).toString());
        JsonNode sup = sarif.at("/runs/0/results/0/suppressions/0");
        assertEquals("external", sup.path("kind").asString());
        assertEquals("tracked in JIRA-7", sup.path("justification").asString());
        assertEquals("", sarif.at("/runs/0/results/1/suppressions/0/justification").asString());

        String html = render(new HtmlReporter(), r, context);
        assertTrue(html.contains("<b>2</b>baselined"), "a count in HTML");
        assertTrue(html.contains("PASS"), "the verdict counts baselined findings as accepted");
        String md = render(new MarkdownReporter(), r, context);
        assertTrue(md.contains("2 findings baselined") && md.contains("passed"), md);
    }

    @Test
    void newOccurrencesAreNewAndMissingOnesAreStale() throws Exception {
        LintResult r = lint(dropsPhase(), "run.jsonl");
        Baseline full = Baseline.of(r, null, "b.json");
        // keep only the first entry: the other fault is new
        Baseline one = new Baseline("b.json", full.entries().subList(0, 1));
        ReportContext ctx = ReportsTest.CONTEXT.withBaseline(one, false);
        List<Baseline.Entry> marks = ctx.baselined(r);
        assertTrue(marks.get(0) != null);
        assertNull(marks.get(1), "another fault is not covered by the first one's entry");
        assertTrue(ctx.fails(r));
        // an entry for a fault that is gone is stale, and fails the run only with failOnStale
        Baseline extra = new Baseline("b.json", concat(full.entries(), new Baseline.Entry("0123456789abcdef0123456789abcdef",
                "phase-invalid", "run.jsonl", "gone", "fixed")));
        assertFalse(ReportsTest.CONTEXT.withBaseline(extra, false).fails(r));
        assertEquals(1, ReportsTest.CONTEXT.withBaseline(extra, false).stale(r).size());
        assertTrue(ReportsTest.CONTEXT.withBaseline(extra, true).fails(r));
        String text = render(new TextReporter(), r, ReportsTest.CONTEXT.withBaseline(extra, true));
        assertTrue(text.contains("1 stale entry") && text.contains("stale: [phase-invalid] run.jsonl: gone"), text);
        JsonNode json = JsonMapper.builder().build().readTree(render(new JsonReporter(), r, ReportsTest.CONTEXT.withBaseline(extra, true)));
        assertEquals("phase-invalid", json.at("/baseline/stale/0/rule").asString());
    }

    @Test
    void internalErrorsAreNeverBaselined() {
        Finding internal = new Finding(LintResult.INTERNAL_ERROR, dev.phasecheck.rules.api.Severity.ERROR, "boom", "x.jsonl", 0, 1, "",
                null, List.of());
        LintResult r = new LintResult(List.of(), List.of(internal));
        Baseline b = Baseline.of(r, null, "b.json");
        assertTrue(b.entries().isEmpty());
        Baseline forced = new Baseline("b.json", List.of(new Baseline.Entry(Fingerprints.of(internal), "internal-error", "x.jsonl", "boom", "")));
        assertTrue(ReportsTest.CONTEXT.withBaseline(forced, false).fails(r));
    }

    @Test
    void aBadBaselineFileSaysWhatIsWrong() throws Exception {
        Path f = dir.resolve("b.json");
        Files.writeString(f, "[1, 2");
        assertTrue(assertThrows(Baseline.Invalid.class, () -> Baseline.load(f)).getMessage().contains("not JSON"));
        Files.writeString(f, "{\"findings\": []}");
        assertTrue(assertThrows(Baseline.Invalid.class, () -> Baseline.load(f)).getMessage().contains("not a phasecheck baseline"));
        Files.writeString(f, "{\"entries\": [{\"rule\": \"x\"}]}");
        assertTrue(assertThrows(Baseline.Invalid.class, () -> Baseline.load(f)).getMessage().contains("entry 0 has no \"fingerprint\""));
        assertTrue(assertThrows(Baseline.Invalid.class, () -> Baseline.load(dir.resolve("none.json"))).getMessage().contains("no such file"));
    }

    @Test
    void aFingerprintNeverDependsOnASecret() {
        Finding withKey = new Finding("phase-invalid", dev.phasecheck.rules.api.Severity.ERROR, "m", "x.jsonl", 0, 1, "/request/input/0",
                tools.jackson.databind.node.JsonNodeFactory.instance.stringNode("sk-proj-abcdefghijklmnop"), List.of());
        Finding otherKey = new Finding("phase-invalid", dev.phasecheck.rules.api.Severity.ERROR, "m", "x.jsonl", 0, 1, "/request/input/0",
                tools.jackson.databind.node.JsonNodeFactory.instance.stringNode("sk-proj-qrstuvwxyz012345"), List.of());
        assertEquals(Fingerprints.of(withKey), Fingerprints.of(otherKey));
        LintResult r = new LintResult(List.of(), List.of(withKey));
        assertEquals(Fingerprints.of(withKey), Fingerprints.of(Redactor.result(r).findings().get(0)));
    }

    static <T> List<T> concat(List<T> a, T b) {
        List<T> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }
}
