package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every fixture under fixtures/rules gives exactly the findings its sidecar lists. */
class FixtureTest {
    private final Linter linter = new Linter();

    @TestFactory
    List<DynamicTest> everyFixtureGivesItsExpectedFindings() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Fixtures.rules())) {
            for (Path dir : dirs.sorted().toList()) {
                for (Path fixture : Fixtures.transcripts(dir)) {
                    String name = dir.getFileName() + "/" + fixture.getFileName();
                    tests.add(DynamicTest.dynamicTest(name, fixture.toUri(), () -> {
                        List<String> expected = Fixtures.expected(fixture);
                        if (Fixtures.isPair(fixture)) {
                            List<Finding> relay = Fixtures.relay(fixture);
                            List<String> rows = relay.stream().map(Fixtures::relayRow).toList();
                            assertEquals(String.join("\n", expected), String.join("\n", rows), () -> name
                                    + " relay findings differ; messages:\n" + String.join("\n", relay.stream()
                                            .map(f -> Fixtures.relayRow(f) + ": " + f.message()).toList()));
                            return;
                        }
                        LintResult result = linter.lint(TranscriptInput.of(fixture, name));
                        List<String> actual = result.findings().stream().map(Fixtures::row).toList();
                        assertEquals(String.join("\n", expected), String.join("\n", actual),
                                () -> name + " findings differ; messages:\n" + messages(result));
                    }));
                }
            }
        }
        return tests;
    }

    private static String messages(LintResult r) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : r.findings()) sb.append("  ").append(Fixtures.row(f)).append(": ").append(f.message()).append('\n');
        return sb.toString();
    }
}
