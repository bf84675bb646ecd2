package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The github and gitlab formats against the documented shapes: GitHub's workflow commands
 * ({@code ::error file=…,line=…,title=…::message}, with the runner's escaping of data and properties)
 * and GitLab's Code Quality issues.
 */
class CiFormatsTest {
    static String render(Reporter r, LintResult result, ReportContext context) throws Exception {
        return BaselineTest.render(r, result, context);
    }

    @Test
    void githubAnnotationsOnePerFindingThenTheSummary() throws Exception {
        LintResult r = BaselineTest.lint(ReportsTest.fixtures().resolve("examples/agent-loop-drops-phase.jsonl"), "traffic/run1.jsonl");
        String out = render(new GithubReporter(), r, ReportsTest.CONTEXT);
        List<String> lines = out.lines().toList();
        assertEquals(r.findings().size() + 1, lines.size(), out);
        assertTrue(lines.get(0).startsWith("::error file=traffic/run1.jsonl,line=2,title=phase-dropped::replayed assistant message msg_j1c"),
                lines.get(0));
        assertTrue(lines.get(0).contains("(at exchange 1, /request/input/3) (other side: traffic/run1.jsonl:1, exchange 0, "
                + "/response/output/1, phase \"commentary\")"), lines.get(0));
        assertEquals(ReportSupport.summary(r), lines.get(lines.size() - 1));
    }

    @Test
    void githubEscapesDataAndProperties() throws Exception {
        Finding warning = new Finding("phase-x", Severity.WARNING, "100% wrong\r\nnext::error::fake", "a,b:c%.jsonl", 0, 7, "/request/input/0",
                null, List.of());
        Finding info = new Finding("nothing-checked", Severity.INFO, "plain", "f.json", null, null, "", null, List.of());
        String out = render(new GithubReporter(), new LintResult(List.of(), List.of(warning, info)), ReportsTest.CONTEXT);
        List<String> lines = out.lines().toList();
        // control characters are shown escaped first (\\u000d, \\u000a), then %, CR, LF as the runner reads them
        assertEquals("::warning file=a%2Cb%3Ac%25.jsonl,line=7,title=phase-x::100%25 wrong\\u000d\\u000anext::error::fake (at exchange 0, "
                + "/request/input/0)", lines.get(0));
        assertEquals("::notice file=f.json,title=nothing-checked::plain", lines.get(1), "no line for a file-level finding");
        assertEquals(3, lines.size(), "nothing in a message starts a line of its own");
        assertEquals("50%25", GithubReporter.data("50%"));
        assertEquals("a%3Ab%2Cc", GithubReporter.property("a:b,c"));
    }

    @Test
    void githubShowsBaselinedFindingsAsNotices() throws Exception {
        LintResult r = BaselineTest.lint(ReportsTest.fixtures().resolve("examples/agent-loop-drops-phase.jsonl"), "run.jsonl");
        ReportContext ctx = ReportsTest.CONTEXT.withBaseline(Baseline.of(r, null, "b.json"), false);
        String out = render(new GithubReporter(), r, ctx);
        assertTrue(out.startsWith("::notice file=run.jsonl,line=2,title=phase-dropped (baselined)::"), out);
        assertTrue(out.contains("baseline b.json: 2 findings baselined"), out);
    }

    @Test
    void gitlabCodeQualityIssues() throws Exception {
        LintResult r = BaselineTest.lint(ReportsTest.fixtures().resolve("examples/agent-loop-drops-phase.jsonl"), "traffic/run1.jsonl");
        Finding fileLevel = new Finding("nothing-checked", Severity.INFO, "nothing", "t.har", null, null, "", null, List.of());
        Finding dup = r.findings().get(0);
        LintResult withMore = new LintResult(List.of(), concat(r.findings(), fileLevel, dup));
        JsonNode issues = JsonMapper.builder().build().readTree(render(new GitlabReporter(), withMore, ReportsTest.CONTEXT));
        assertTrue(issues.isArray());
        assertEquals(withMore.findings().size(), issues.size());
        Set<String> fingerprints = new HashSet<>();
        Set<String> severities = Set.of("info", "minor", "major", "critical", "blocker");
        for (JsonNode i : issues) {
            assertTrue(i.path("description").isString() && !i.path("description").asString().isBlank(), i.toString());
            assertTrue(i.path("check_name").isString(), i.toString());
            assertTrue(severities.contains(i.path("severity").asString()), i.toString());
            assertTrue(i.path("location").path("path").isString(), i.toString());
            assertTrue(i.path("location").path("lines").path("begin").isInt(), i.toString());
            assertTrue(fingerprints.add(i.path("fingerprint").asString()), "fingerprints are unique: " + i);
        }
        JsonNode first = null;
        for (JsonNode i : issues) if (first == null && i.path("check_name").asString().equals("phase-dropped")) first = i;
        assertEquals("phase-dropped", first.path("check_name").asString());
        assertEquals("major", first.path("severity").asString());
        assertEquals("traffic/run1.jsonl", first.at("/location/path").asString());
        assertEquals(2, first.at("/location/lines/begin").asInt());
        assertEquals(Fingerprints.of(r.findings().get(0)), first.path("fingerprint").asString());
        boolean sawFileLevel = false;
        for (JsonNode i : issues) {
            if (i.at("/location/path").asString().equals("t.har")) {
                sawFileLevel = true;
                assertEquals(1, i.at("/location/lines/begin").asInt());
                assertEquals("info", i.path("severity").asString());
            }
        }
        assertTrue(sawFileLevel);
    }

    @Test
    void everyFormatNameMakesItsReporter() {
        for (String name : Reporters.formats()) assertEquals(name, Reporters.forFormat(name).format());
        assertEquals(null, Reporters.forFormat("pdf"));
    }

    static List<Finding> concat(List<Finding> a, Finding... more) {
        List<Finding> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }
}
