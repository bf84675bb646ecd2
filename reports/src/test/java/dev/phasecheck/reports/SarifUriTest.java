package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Severity;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** SARIF artifact URIs: RFC 3986 percent-encoding that decodes back to the file name. */
class SarifUriTest {
    static final List<String> ODD_NAMES = List.of("dir/a#b?c=d.jsonl", "%41 b.jsonl", "ünï cødé/日本語.jsonl",
            "back\\slash.jsonl", "tab\there.jsonl", "new\nline.jsonl", "a:b.jsonl", "[x]{y}|<z>^`\"'.jsonl",
            "semi;comma,plus+amp&eq=.jsonl", "/abs/path/x.jsonl", "//server/share/x.jsonl", "emoji 🎉.jsonl",
            "C:\\Users\\me\\run.jsonl", "pct%.jsonl", "del\u007f.jsonl", "plain/dir/ok-name_1.jsonl");

    @Test
    void sarifUrisRoundTripOddFileNamesAndStaySchemaValid() throws Exception {
        List<Finding> findings = new ArrayList<>();
        List<FileSummary> files = new ArrayList<>();
        for (String name : ODD_NAMES) {
            files.add(new FileSummary(name, 1, 0));
            findings.add(new Finding("phase-dropped", Severity.ERROR, "m", name, 0, 1, "/request/input/0", null,
                    List.of(new Related(name, 0, 1, "/response/output/0", JsonNodeFactory.instance.stringNode("commentary")))));
        }
        String sarif = RedactionTest.render(new SarifReporter(), new LintResult(files, findings), ReportsTest.CONTEXT);
        JsonNode node = ReportsTest.validSarif(sarif);

        Map<String, String> seen = new LinkedHashMap<>();
        for (JsonNode res : node.at("/runs/0/results")) {
            for (String at : List.of("/locations/0/physicalLocation/artifactLocation/uri",
                    "/relatedLocations/0/physicalLocation/artifactLocation/uri")) {
                String uri = res.at(at).asString();
                assertTrue(uri.matches("[A-Za-z0-9\\-._~/:%]*"), "only unreserved characters, '/' and escapes: " + uri);
                URI u = new URI(uri);
                assertNull(u.getRawQuery(), uri);
                assertNull(u.getRawFragment(), uri);
                assertNull(u.getAuthority(), uri);
                seen.putIfAbsent(u.getPath(), uri);
            }
        }
        assertEquals(ODD_NAMES.stream().sorted().toList(), seen.keySet().stream().sorted().toList(),
                "every name decodes back: " + seen);
        // a relative name stays relative (no accidental scheme), '\' is a character, not a separator
        assertEquals("a%3Ab.jsonl", SarifReporter.uri("a:b.jsonl"));
        assertEquals("back%5Cslash.jsonl", SarifReporter.uri("back\\slash.jsonl"));
        assertEquals("%2541%20b.jsonl", SarifReporter.uri("%41 b.jsonl"));
        assertEquals("dir/%C3%BC.jsonl", SarifReporter.uri("dir/ü.jsonl"));
        assertEquals("plain/dir/ok-name_1.jsonl", SarifReporter.uri("plain/dir/ok-name_1.jsonl"));
        assertEquals("stdin", SarifReporter.uri("-"));
    }
}
