package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Severity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Secrets never reach a report: every string of every format goes through {@link Redactor#result}. */
class RedactionTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static String render(Reporter r, LintResult result, ReportContext context) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        r.write(result, context, buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    static List<Reporter> allReporters() {
        return Reporters.formats().stream().map(Reporters::forFormat).toList();
    }

    /** A secret whose tag names the field it was put in, so a leak says where it came from. */
    private static String key(String field) {
        return "sk-proj-" + field + "SECRETPART";
    }

    private static final Pattern LEAK = Pattern.compile("(\\w*)SECRETPART");

    /** A result with a secret in every string a report could show. */
    static LintResult secretsEverywhere() {
        ObjectNode credentials = NODES.objectNode();
        credentials.put("api_key", "plainSECRETPARTvalue");
        credentials.put("note", "Authorization: Bearer bearerSECRETPART0123456789");
        credentials.put(key("fieldName"), 1);
        Related related = new Related("relfile/" + key("relatedFile") + ".jsonl", 0, 1, "/response/output/" + key("relatedPointer"),
                NODES.stringNode(key("relatedValue")));
        Finding replay = new Finding("phase-dropped", Severity.ERROR, "dropped " + key("message"),
                "runs/" + key("findingFile") + ".jsonl", 1, 2, "/request/input/" + key("pointer"),
                NODES.stringNode(key("value")), List.of(related));
        Finding unknownRule = new Finding(key("rule"), Severity.WARNING, "x-api-key: headerSECRETPART",
                "runs/" + key("findingFile") + ".jsonl", 1, 2, "/request/input/0", credentials, List.of());
        Finding fileLevel = new Finding("transcript-unreadable", Severity.INFO, "api-key=" + "assignSECRETPART",
                key("fileLevelFile") + ".jsonl", null, null, null, null, List.of());
        return new LintResult(
                List.of(new FileSummary("runs/" + key("findingFile") + ".jsonl", 2, 0), new FileSummary(key("summaryFile"), 0, 0)),
                List.of(replay, unknownRule, fileLevel));
    }

    /** The timeline that goes with {@link #secretsEverywhere()}, with a secret in every string. */
    static Timeline secretTimeline() {
        Timeline.Item sent = new Timeline.Item("/request/input/" + key("pointer"), key("kind"), key("role"),
                new Timeline.Phase(Timeline.Phase.Kind.OTHER, "\"" + key("phase") + "\""), key("itemId"),
                "hello Bearer textSECRETPART0123456789 " + key("text"),
                // as the TimelineRecorder tags it: the finding on the item it concerns
                secretsEverywhere().findings().stream().filter(f -> f.rule().equals("phase-dropped")).toList());
        Timeline.Item output = new Timeline.Item("/response/output/0", "message", "assistant",
                new Timeline.Phase(Timeline.Phase.Kind.COMMENTARY, null),
                "msg_" + key("underscoredId"), "truncated token Bearer tailSECRETPART\u2026");
        Timeline.Turn turn0 = new Timeline.Turn(0, 1, key("endpoint"), key("model"), false, 200, List.of(), 0, List.of(output));
        Timeline.Turn turn1 = new Timeline.Turn(1, 2, "responses", "gpt-5.4 " + key("model2"), true, null, List.of(sent), 0, List.of());
        return new Timeline("runs/" + key("findingFile") + ".jsonl", List.of(turn0, turn1), false);
    }

    @Test
    void noSecretInAnyStringReachesAnyFormat() throws Exception {
        LintResult r = secretsEverywhere();
        ReportContext context = new ReportContext("0.1.0 " + key("version"), dev.phasecheck.rules.api.FailOn.parse("warning"), dev.phasecheck.rules.engine.Rules.all())
                .withTimelines(List.of(secretTimeline()));
        for (Reporter rep : allReporters()) {
            String out = render(rep, r, context);
            List<String> leaks = new ArrayList<>();
            Matcher m = LEAK.matcher(out);
            while (m.find()) leaks.add(m.group());
            assertTrue(leaks.isEmpty(), rep.format() + " leaks " + leaks);
            assertTrue(out.contains("REDACTED"), rep.format() + " shows where it redacted"); // Markdown escapes the brackets
        }
    }

    @Test
    void theFindingsATimelineItemCarriesAreRedactedToo() {
        ReportContext context = Redactor.context(ReportsTest.CONTEXT.withTimelines(List.of(secretTimeline())));
        Timeline.Item sent = context.timelines().get(0).exchanges().get(1).request().get(0);
        assertEquals(1, sent.findings().size());
        String all = sent.findings().toString();
        assertFalse(LEAK.matcher(all).find(), all);
        assertTrue(all.contains(Redactor.MARK), all);
    }

    @Test
    void everyFormatRedactsThroughTheSameChokePoint() {
        // a new format cannot forget: every reporter renders only what Redactor.result made of the result
        for (Reporter rep : allReporters()) {
            assertTrue(rep instanceof RedactedReporter, rep.format() + " does not render through Redactor.result");
        }
    }

    @Test
    void redactionKeepsTheReportUsable() throws Exception {
        // the finding is still placed on its (redacted) item in the HTML timeline
        LintResult r = secretsEverywhere();
        Document doc = Jsoup.parse(render(new HtmlReporter(), r, ReportsTest.CONTEXT.withTimelines(List.of(secretTimeline()))));
        assertFalse(doc.select(".item.flagged").isEmpty(), doc.select(".turn").outerHtml());
        assertTrue(doc.select(".turn .meta").text().contains("sk-" + Redactor.MARK), "the model shows, redacted");
        assertEquals("a basic example of a bearer of news", Redactor.text("a basic example of a bearer of news"));
        assertEquals("the task-abcdefghijk id", Redactor.text("the task-abcdefghijk id"), "no key inside a word");
        assertEquals("an sk-\u2026 key", Redactor.text("an sk-\u2026 key"), "prose about keys stays");
        assertEquals("Bearer " + Redactor.MARK + "\u2026", Redactor.text("Bearer abc\u2026"), "a token cut short by a preview");
    }
}
