package dev.phasecheck.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.phasecheck.rules.api.LintResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The HTML report's Content-Security-Policy allows only its own script and style, by hash. */
class HtmlCspTest {
    @Test
    void htmlCspAllowsOnlyTheReportsOwnScriptAndStyleByHash() throws Exception {
        for (LintResult r : List.of(ReportsTest.examples(), new LintResult(List.of(), List.of()), ControlCharactersTest.controls(),
                RedactionTest.secretsEverywhere())) {
            Document doc = Jsoup.parse(RedactionTest.render(new HtmlReporter(), r, ReportsTest.CONTEXT));
            Element meta = doc.selectFirst("head > meta[http-equiv=Content-Security-Policy]");
            assertNotNull(meta);
            String policy = meta.attr("content");
            Map<String, List<String>> csp = new LinkedHashMap<>();
            for (String d : policy.split(";")) {
                List<String> parts = List.of(d.trim().split("\\s+"));
                csp.put(parts.get(0), parts.subList(1, parts.size()));
            }
            assertEquals(List.of("'none'"), csp.get("default-src"), policy);
            assertFalse(policy.contains("unsafe"), policy);

            assertEquals(1, doc.select("script").size(), "only the report's own script");
            Element script = doc.selectFirst("script");
            assertEquals(List.of("'sha256-" + sha256(script.data()) + "'"), csp.get("script-src"), policy);
            assertEquals(1, doc.select("style").size());
            Element style = doc.selectFirst("style");
            assertEquals(List.of("'sha256-" + sha256(style.data()) + "'"), csp.get("style-src"), policy);
            assertFalse(script.data().contains("\r") || style.data().contains("\r"),
                    "a browser hashes the text after turning CR LF into LF");
            // nothing the policy would block: no style attributes, no event handlers, no javascript: URLs
            for (Element e : doc.getAllElements()) {
                for (Attribute a : e.attributes()) {
                    String name = a.getKey().toLowerCase(Locale.ROOT);
                    assertFalse(name.equals("style") || name.startsWith("on"), e.outerHtml());
                    assertFalse(a.getValue().trim().toLowerCase(Locale.ROOT).startsWith("javascript:"), e.outerHtml());
                }
            }
        }
    }

    static String sha256(String s) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
