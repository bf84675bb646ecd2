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

    /** Writes a UTF-8 file into the directory. */
    static java.nio.file.Path write(java.nio.file.Path dir, String name, String text) throws java.io.IOException {
        java.nio.file.Path p = dir.resolve(name);
        java.nio.file.Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** Lints a file, named by its file name. */
    static LintResult file(Linter linter, java.nio.file.Path p) {
        return linter.lint(TranscriptInput.of(p, p.getFileName().toString()));
    }

    static List<String> all(LintResult r) {
        return r.findings().stream().map(f -> f.rule() + "/" + f.severity().id() + "@" + f.index() + ":" + f.pointer())
                .toList();
    }
}
