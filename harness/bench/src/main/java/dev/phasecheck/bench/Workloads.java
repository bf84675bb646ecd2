package dev.phasecheck.bench;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/** The two measured workloads, on the same bytes. */
public final class Workloads {
    private Workloads() {}

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build())
            .build();

    /** A bare Jackson streaming parse: every token of every root value, nothing built. */
    public static long bareParse(Path file) throws IOException {
        long tokens = 0;
        try (InputStream in = Files.newInputStream(file);
             JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                tokens++;
                if (t == JsonToken.VALUE_STRING) p.getStringLength();
            }
        }
        return tokens;
    }

    /** phasecheck's lint of the file, as the CLI runs it. */
    public static LintResult lint(Linter linter, Path file) {
        return lint(linter, file, 1);
    }

    /** phasecheck's lint of the file with {@code jobs} threads, as {@code phasecheck lint -j JOBS FILE} runs it. */
    public static LintResult lint(Linter linter, Path file, int jobs) {
        return linter.lint(java.util.List.of(TranscriptInput.of(file, file.getFileName().toString())), jobs);
    }

    /** phasecheck's lint of a directory with {@code jobs} threads, as {@code phasecheck lint -j JOBS DIR} runs it. */
    public static LintResult lintAll(Linter linter, Path dir, int jobs) throws Exception {
        return linter.lint(TranscriptInput.expand(java.util.List.of(dir.toString()), null), jobs);
    }
}
