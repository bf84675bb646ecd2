package dev.phasecheck.rules.engine;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every fixture under fixtures/rules gives exactly the findings its sidecar lists. */
class FixtureTest {
    private final Linter linter = new Linter();

    @TestFactory
    List<DynamicTest> everyFixtureGivesItsExpectedFindings() throws IOException {
        return Fixtures.sidecarTests(Fixtures.rules(), linter, (name, result) -> {});
    }
}
