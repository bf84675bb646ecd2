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
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Every format shows a finding's interaction, conversation, direction and repeats when it has them. */
class FindingPlacesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A replay finding in a cassette, in conversation c3, to the client, repeated twice; and one on a non-exchange interaction. */
    static LintResult result() {
        Related original = new Related("rec.yaml", 0, null, "/response/output/0", NODES.stringNode("commentary"), 1);
        List<Related> repeats = List.of(new Related("rec.yaml", 2, null, "/request/input/3", null, 3),
                new Related("rec.yaml", 3, null, "/request/input/3", null, 5));
        Finding replay = new Finding("phase-dropped", Severity.ERROR, "dropped", "rec.yaml", 1, null, "/request/input/3",
                null, List.of(original), 2, "c3", "to-client", repeats);
        Finding other = new Finding("transcript-unreadable", Severity.WARNING, "not an exchange", "rec.yaml", null, null, "",
                null, List.of(), 4, null, null, List.of());
        return new LintResult(List.of(new FileSummary("rec.yaml", 4, 0)), List.of(other, replay));
    }

    @Test
    void textNamesTheInteractionConversationDirectionAndRepeats() throws Exception {
        String text = ReportsTest.render(new TextReporter(), result());
        assertTrue(text.contains("    at conversation c3, exchange 1 (interaction 2), /request/input/3 (to-client)\n"), text);
        assertTrue(text.contains("    other side: rec.yaml, exchange 0 (interaction 1), /response/output/0, phase \"commentary\"\n"), text);
        assertTrue(text.contains("    repeated in 2 later requests: exchange 2 (interaction 3), /request/input/3;"
                + " exchange 3 (interaction 5), /request/input/3\n"), text);
        assertTrue(text.contains("    at interaction 4\n"), "an interaction that is no exchange: " + text);
    }

    @Test
    void jsonCarriesTheFieldsWhenPresent() throws Exception {
        JsonNode findings = JsonMapper.builder().build().readTree(ReportsTest.render(new JsonReporter(), result())).get("findings");
        JsonNode other = findings.get(0);
        assertEquals(4, other.get("interaction").asInt());
        assertFalse(other.has("conversation") || other.has("direction") || other.has("repeats"), other.toString());
        JsonNode f = findings.get(1);
        assertEquals(2, f.get("interaction").asInt());
        assertEquals("c3", f.get("conversation").asString());
        assertEquals("to-client", f.get("direction").asString());
        assertEquals(1, f.at("/related/0/interaction").asInt());
        assertEquals(2, f.get("repeats").size());
        JsonNode rep = f.get("repeats").get(1);
        assertEquals("rec.yaml", rep.get("file").asString());
        assertEquals(3, rep.get("index").asInt());
        assertEquals("/request/input/3", rep.get("pointer").asString());
        assertEquals(5, rep.get("interaction").asInt());
    }

    @Test
    void sarifHasThemAsLocationsAndPropertiesAndStaysValid() throws Exception {
        String sarif = ReportsTest.render(new SarifReporter(), result());
        JsonNode node = ReportsTest.validSarif(sarif);
        JsonNode res = node.at("/runs/0/results/1");
        assertEquals("exchange 1 (interaction 2) /request/input/3", res.at("/locations/0/logicalLocations/0/name").asString());
        assertEquals("c3", res.at("/properties/conversation").asString());
        assertEquals("to-client", res.at("/properties/direction").asString());
        assertEquals(3, res.get("relatedLocations").size(), "the other side and the two repeats");
        assertTrue(res.at("/relatedLocations/0/message/text").asString().contains("exchange 0 (interaction 1)"));
        assertTrue(res.at("/relatedLocations/2/message/text").asString().startsWith("a later request repeats the fault: exchange 3"));
        assertEquals("interaction 4 (whole)", node.at("/runs/0/results/0/locations/0/logicalLocations/0/name").asString());
    }

    @Test
    void htmlAndMarkdownShowThemInTheLocation() throws Exception {
        Element finding = Jsoup.parse(ReportsTest.render(new HtmlReporter(), result())).select(".finding[data-rule=phase-dropped]").first();
        String where = finding.selectFirst(".where").text();
        assertTrue(where.contains("conversation c3, exchange 1 (interaction 2), /request/input/3 (to-client)"), where);
        assertTrue(finding.select(".repeats").text().startsWith("repeated in 2 later requests"), finding.html());
        assertTrue(finding.select(".sides .where").first().text().contains("exchange 0 (interaction 1)"), finding.html());
        String md = ReportsTest.render(new MarkdownReporter(), result());
        assertTrue(md.contains("rec.yaml \\#1 (interaction 2) /request/input/3 (to-client), conversation c3; repeated in 2 later requests"), md);
        assertTrue(md.contains("rec.yaml interaction 4 |"), md);
    }
}
