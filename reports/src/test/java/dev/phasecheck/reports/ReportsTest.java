package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.engine.Rules;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The report formats: structure, escaping, redaction, determinism, schema validity. */
class ReportsTest {
    @TempDir
    Path dir;

    static final ReportContext CONTEXT = new ReportContext("0.1.0-test", FailOn.ERROR, Rules.all());

    /** A lint result and the context its reports are written with (timelines included, as the CLI does). */
    record Linted(LintResult result, ReportContext context) {}

    /** Lints like the CLI does for an HTML report: with a timeline recorder watching. */
    static Linted lint(List<dev.phasecheck.rules.engine.TranscriptInput> in) {
        TimelineRecorder recorder = new TimelineRecorder();
        LintResult r = new Linter().withObservers(recorder).lint(in);
        return new Linted(r, CONTEXT.withTimelines(recorder.timelines()));
    }

    static Path fixtures() {
        return Path.of(System.getProperty("phasecheck.fixtures", "../fixtures"));
    }

    static LintResult examples() {
        return examplesLinted().result();
    }

    static Linted examplesLinted() {
        List<dev.phasecheck.rules.engine.TranscriptInput> in = new ArrayList<>();
        try (var s = Files.list(fixtures().resolve("examples"))) {
            for (Path p : s.sorted().toList()) in.add(dev.phasecheck.rules.engine.TranscriptInput.of(p, "examples/" + p.getFileName()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lint(in);
    }

    static String render(Reporter r, LintResult result) throws Exception {
        return render(r, new Linted(result, CONTEXT));
    }

    static String render(Reporter r, Linted linted) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        r.write(linted.result(), linted.context(), buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** A transcript whose text tries to break out of the HTML and carries secrets. */
    private Linted hostile() throws Exception {
        String evil = "<script>alert(1)</script>\\\"><img src=x onerror=alert(2)></textarea> Authorization: Bearer abcdef1234567890xyz sk-proj-SECRETSECRET123 a basic example";
        String t1 = "{\"request\":{\"model\":\"gpt-5.4\",\"input\":\"" + evil + "\"},\"response\":{\"id\":\"r1\",\"model\":\"gpt-5.4\",\"output\":["
                + "{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"phase\":\"commentary\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + evil + "\"}]}]}}\n";
        String t2 = "{\"request\":{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"" + evil + "\"},"
                + "{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"phase\":\"<b>final</b>\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + evil + " changed\"}]}]}}\n";
        Path f = dir.resolve("evil<x>.jsonl");
        Files.writeString(f, t1 + t2);
        return lint(List.of(dev.phasecheck.rules.engine.TranscriptInput.of(f, "evil<x>.jsonl")));
    }

    @Test
    void htmlHasVerdictCountsChartTimelineFindingsDocsAndFilters() throws Exception {
        Linted linted = examplesLinted();
        LintResult r = linted.result();
        Document doc = Jsoup.parse(render(new HtmlReporter(), linted));
        assertEquals("FAIL", doc.getElementById("verdict").text());
        assertNotNull(doc.selectFirst("svg#chart rect"), "an inline SVG chart");
        assertEquals(r.findings().size(), doc.select("#findings .finding").size());
        assertEquals(6, doc.select("details.transcript").size(), "a timeline per transcript");
        assertFalse(doc.select(".badge.commentary").isEmpty());
        assertFalse(doc.select(".badge.final").isEmpty());
        assertFalse(doc.select(".item.flagged").isEmpty(), "findings are placed on the items they concern");
        Element dropped = doc.select(".finding[data-rule=phase-dropped]").first();
        assertNotNull(dropped);
        assertEquals(1, dropped.select(".sides").size(), "the original beside what was sent");
        assertTrue(dropped.select(".sides mark.del").text().contains("commentary"), dropped.html());
        assertTrue(dropped.select(".sides mark.ins").text().contains("(absent)"), dropped.html());
        assertEquals(Rules.all().size(), doc.select("details.doc").size(), "each rule's doc is inlined");
        assertEquals(3, doc.select("#filters input.fsev").size());
        assertEquals(Rules.all().size() + 1, doc.select("#frule option").size());
        // self-contained: nothing is fetched
        assertTrue(doc.select("script[src], link[href], img[src]").isEmpty());
        assertTrue(doc.select("[src^=http], [href^=http]").isEmpty());
    }

    @Test
    void hostileTranscriptTextIsInertAndSecretsNeverReachAReport() throws Exception {
        Linted r = hostile();
        String html = render(new HtmlReporter(), r);
        Document doc = Jsoup.parse(html);
        assertEquals(1, doc.select("script").size(), "only the report's own script");
        assertTrue(doc.select("img").isEmpty(), "no injected element");
        assertTrue(doc.select("textarea").isEmpty());
        assertTrue(doc.select("[onerror]").isEmpty());
        assertTrue(doc.text().contains("<script>alert(1)</script>"), "shown as text");
        for (Reporter rep : List.of(new HtmlReporter(), new JsonReporter(), new TextReporter(), new MarkdownReporter(), new SarifReporter())) {
            String out = render(rep, r);
            assertFalse(out.contains("SECRETSECRET"), rep.format() + " leaks an sk- key");
            assertFalse(out.contains("abcdef1234567890xyz"), rep.format() + " leaks a bearer token");
        }
        assertTrue(Redactor.text("a basic example of a bearer of news").equals("a basic example of a bearer of news"),
                "ordinary prose is not redacted");
        String md = render(new MarkdownReporter(), r);
        assertFalse(md.contains("<script>"), "markdown escapes HTML");
        assertFalse(md.contains("<b>final</b>"));
    }

    @Test
    void reportsAreDeterministic() throws Exception {
        LintResult a = examples();
        LintResult b = examples();
        for (Reporter rep : Reporters.formats().stream().map(Reporters::forFormat).toList()) {
            assertArrayEquals(withoutClock(rep, render(rep, a)).getBytes(StandardCharsets.UTF_8),
                    withoutClock(rep, render(rep, b)).getBytes(StandardCharsets.UTF_8), rep.format() + " is not deterministic");
        }
    }

    /** JUnit XML says when and where the Launcher ran and how long each test took: all else must be the same. */
    private static String withoutClock(Reporter rep, String out) {
        if (!rep.format().equals("junit")) return out;
        String masked = out.replaceAll(" (timestamp|time|hostname)=\"[^\"]*\"", "");
        assertTrue(masked.length() < out.length(), "the JUnit XML has the run's clock");
        return masked;
    }

    /** The SARIF report parsed, after checking it against the official SARIF 2.1.0 schema. */
    static JsonNode validSarif(String sarif) throws Exception {
        JsonNode node = JsonMapper.builder().build().readTree(sarif);
        Schema schema;
        try (InputStream in = ReportsTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        var errors = schema.validate(node);
        assertTrue(errors.isEmpty(), errors.toString());
        return node;
    }

    @Test
    void sarifIsValidAgainstTheOfficialSchemaWithStableFingerprints() throws Exception {
        LintResult r = examples();
        String sarif = render(new SarifReporter(), r);
        JsonNode node = validSarif(sarif);
        JsonNode run = node.get("runs").get(0);
        assertEquals(Rules.all().size(), run.get("tool").get("driver").get("rules").size());
        assertFalse(run.get("tool").get("driver").get("rules").get(0).get("help").get("text").asString().isBlank());
        JsonNode results = run.get("results");
        assertEquals(r.findings().size(), results.size());
        JsonNode first = results.get(0);
        assertEquals("phase-dropped", first.get("ruleId").asString());
        assertEquals(2, first.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("examples/agent-loop-drops-phase.jsonl#1/request/input/3",
                first.at("/locations/0/logicalLocations/0/fullyQualifiedName").asString());
        assertEquals(2, first.get("relatedLocations").size(), "the other side, then the later request that repeats the fault");
        String fp = first.at("/partialFingerprints/phasecheck~1v1").asString();
        assertEquals(32, fp.length());
        // the same finding on another run (even at another line) keeps its fingerprint
        String again = render(new SarifReporter(), examples());
        assertTrue(again.contains(fp));
    }

    @Test
    void tenThousandExchangesStayUnder25Megabytes() throws Exception {
        Path f = dir.resolve("big.jsonl");
        BigTranscript.write(f, BigTranscript.EXCHANGES);
        Linted r = lint(List.of(dev.phasecheck.rules.engine.TranscriptInput.of(f, "big.jsonl")));
        assertEquals(10_000, r.result().exchanges());
        assertTrue(r.result().count(dev.phasecheck.rules.api.Severity.ERROR) > 0, "the dropped phases are found");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new HtmlReporter().write(r.result(), r.context(), buf);
        assertTrue(buf.size() < 25 << 20, "HTML report of 10,000 exchanges is " + buf.size() + " bytes");
        Files.write(dir.resolve("big.html"), buf.toByteArray());
    }

    @Test
    void markdownIsShortWithAVerdictAndATable() throws Exception {
        String md = render(new MarkdownReporter(), examples());
        assertTrue(md.startsWith("## phasecheck: ❌ phase conformance failed"), md);
        assertTrue(md.contains("| rule | error | warning | info |"));
        assertTrue(md.contains("`phase-dropped`"));
    }
}
