package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.RuleInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule is registered, documented and has a passing and a failing fixture that prove it. */
class CatalogueTest {
    /** The ids of the spec's rule catalogue (../shared/spec/rules.md), which must never change meaning. */
    private static final Set<String> SPEC_IDS = Set.of("phase-value", "phase-role", "phase-placement", "phase-dropped",
            "phase-altered", "phase-invented", "message-merged", "message-omitted", "history-gap", "message-altered",
            "chat-completions-phase", "chat-completions-phase-model", "response-phase-missing", "stream-phase-mismatch",
            "schema", "transcript-unreadable", "nothing-checked", "unstored-reference",
            // rules of the simulator and of proxy and probe runs
            "relay-phase-dropped", "relay-phase-altered", "relay-item-dropped", "probe-replay-rejected", "scenario-exhausted",
            // the engine's own diagnostic ("Failures of phasecheck itself"): no input can be a fixture for it
            "internal-error");

    /** Rules that no transcript can provoke, by design. */
    private static final Set<String> NO_FIXTURES = Set.of("internal-error");

    static List<RuleInfo> rules() {
        return Rules.all();
    }

    @Test
    void registryHoldsExactlyTheSpecCatalogueSortedById() {
        List<String> ids = Rules.all().stream().map(RuleInfo::id).toList();
        assertEquals(new TreeSet<>(SPEC_IDS), new TreeSet<>(ids));
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(sorted, ids, "the registry is kept sorted by id");
    }

    @Test
    void specSeveritiesAndAwareness() {
        assertEquals("error", Rules.byId("phase-dropped").defaultSeverity().id());
        assertTrue(Rules.byId("phase-dropped").phaseModelAware());
        assertEquals("warning", Rules.byId("phase-invented").defaultSeverity().id());
        assertEquals("warning", Rules.byId("history-gap").defaultSeverity().id());
        assertTrue(Rules.byId("history-gap").phaseModelAware());
        assertEquals("info", Rules.byId("response-phase-missing").defaultSeverity().id());
        assertEquals("info", Rules.byId("nothing-checked").defaultSeverity().id());
        assertFalse(Rules.byId("phase-altered").phaseModelAware());
        Set<String> aware = Rules.all().stream().filter(RuleInfo::phaseModelAware).map(RuleInfo::id)
                .collect(Collectors.toSet());
        assertEquals(Set.of("phase-dropped", "message-merged", "message-omitted", "history-gap", "unstored-reference"), aware);
    }

    @Test
    void everyRuleClassInTheCheckPackageIsRegistered() {
        Set<String> registered = Rules.classes().stream().map(Class::getName).collect(Collectors.toSet());
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.phasecheck.rules.check")) {
            if (c.isAssignableTo(Rule.class) && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)) {
                assertTrue(registered.contains(c.getName()), c.getName() + " is a rule but not in Rules");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void idIsKebabCase(RuleInfo rule) {
        assertTrue(rule.id().matches("[a-z]+(-[a-z]+)*"), rule.id());
        assertFalse(rule.summary().isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void hasADocPageWithRationaleAndExamples(RuleInfo rule) {
        String doc = rule.doc();
        assertNotNull(doc, "no doc page at " + rule.docResource());
        assertTrue(doc.startsWith("# " + rule.id() + "\n"), "the page starts with its id as title");
        assertTrue(doc.contains("**Default severity:** " + rule.defaultSeverity().id()), "states its default severity");
        for (String section : List.of("## Why", "## Bad", "## Good")) {
            assertTrue(doc.contains(section), rule.id() + " doc lacks " + section);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void hasPassingAndFailingFixturesThatProveIt(RuleInfo rule) throws IOException {
        if (NO_FIXTURES.contains(rule.id())) return; // tested by InternalErrorTest instead
        Path dir = Fixtures.rules().resolve(rule.id());
        assertTrue(Files.isDirectory(dir), "no fixtures/rules/" + rule.id());
        List<Path> files = Fixtures.transcripts(dir);
        List<Path> pass = files.stream().filter(f -> f.getFileName().toString().startsWith("pass-")).toList();
        List<Path> fail = files.stream().filter(f -> f.getFileName().toString().startsWith("fail-")).toList();
        assertFalse(pass.isEmpty(), rule.id() + " has no pass-* fixture");
        assertFalse(fail.isEmpty(), rule.id() + " has no fail-* fixture");
        Linter linter = new Linter();
        for (Path f : files) {
            assertTrue(Files.isRegularFile(Fixtures.sidecar(f)), f + " has no .expected sidecar");
            // a relay rule's fixtures are pairs of legs, judged by the relay judge; others are transcripts
            List<Finding> found = Fixtures.isPair(f) ? Fixtures.relay(f) : linter.lint(f).findings();
            long own = found.stream().filter(x -> x.rule().equals(rule.id())).count();
            if (pass.contains(f)) assertEquals(0, own, f + " is a pass fixture but gives " + rule.id());
            else assertTrue(own > 0, f + " is a fail fixture but gives no " + rule.id());
        }
    }
}
