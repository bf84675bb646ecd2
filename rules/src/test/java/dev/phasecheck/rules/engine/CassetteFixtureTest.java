package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every recording under fixtures/cassettes (vcrpy, Ruby VCR, go-vcr, httprr, in each tool's own
 * output shape) gives exactly the findings its sidecar lists, and each finding names its interaction.
 */
class CassetteFixtureTest {
    private final Linter linter = new Linter();

    static Path cassettes() {
        return Fixtures.root().resolve("cassettes");
    }

    @TestFactory
    List<DynamicTest> everyCassetteGivesItsExpectedFindings() throws IOException {
        return Fixtures.sidecarTests(cassettes(), linter, (name, result) -> {
            assertEquals(0, result.unreadable(), name);
            for (Finding f : result.findings()) {
                if (f.index() != null) assertNotNull(f.interaction(), () -> "no interaction on " + f);
            }
        });
    }

    @Test
    void everyFormatHasADroppingAndAKeepingConversation() throws IOException {
        for (String format : List.of("vcrpy", "ruby-vcr", "go-vcr", "httprr")) {
            List<Path> files = Fixtures.transcripts(cassettes().resolve(format));
            assertEquals(2, files.size(), format);
            int failing = 0;
            for (Path f : files) {
                LintResult r = linter.lint(TranscriptInput.of(f, f.getFileName().toString()));
                assertEquals(2, r.exchanges(), format + ": one conversation of two turns");
                if (!r.findings().isEmpty()) failing++;
            }
            assertEquals(1, failing, format + ": exactly one of the two drops phase");
        }
    }

    @Test
    void theOtherSideNamesTheInteractionToo() {
        Path f = cassettes().resolve("go-vcr/TestAgentDropsPhase.yaml");
        LintResult r = linter.lint(TranscriptInput.of(f, "c.yaml"));
        Finding d = r.findings().get(0);
        assertEquals(2, d.interaction(), "interaction 0 is GET /v1/models, skipped; exchange 1 is interaction 2");
        assertEquals(1, d.related().size());
        assertEquals(0, d.related().get(0).index());
        assertEquals(1, d.related().get(0).interaction());
        assertEquals("/response/output/1", d.related().get(0).pointer());
        assertTrue(d.message().contains("phase"), d.message());
    }
}
