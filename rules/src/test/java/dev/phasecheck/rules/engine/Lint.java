package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helpers: lint inline JSONL, and render findings compactly. */
final class Lint {
    private Lint() {}

    static LintResult jsonl(String text) {
        return jsonl(Config.defaults(), text);
    }

    static LintResult jsonl(Config config, String text) {
        return new Linter(config).lintJsonl(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.jsonl");
    }

    /** "rule@index:pointer" for each finding at warning or above (info left out unless asked). */
    static List<String> rows(LintResult r) {
        return r.findings().stream().filter(f -> f.severity() != Severity.INFO)
                .map(f -> f.rule() + "@" + f.index() + ":" + f.pointer()).toList();
    }

    /** One JSON line as a tree. */
    static tools.jackson.databind.JsonNode node(String jsonLine) {
        return new Linter().mapper().readTree(jsonLine.strip());
    }

    static List<String> all(LintResult r) {
        return r.findings().stream().map(f -> f.rule() + "/" + f.severity().id() + "@" + f.index() + ":" + f.pointer())
                .toList();
    }
}
