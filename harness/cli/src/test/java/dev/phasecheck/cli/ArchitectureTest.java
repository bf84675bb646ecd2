package dev.phasecheck.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules over the main classes of every module (rules, reports, harness/server, harness/junit,
 * harness/cli): this module's test class path holds them all. Tests are left out: a report test
 * may well lint with the engine. The core's own boundaries (its libraries, api versus engine) are
 * checked by rules' ArchitectureTest.
 */
class ArchitectureTest {
    private static final List<String> MODULES = List.of("dev.phasecheck.rules", "dev.phasecheck.reports",
            "dev.phasecheck.server", "dev.phasecheck.junit", "dev.phasecheck.cli");

    private final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MODULES);

    @Test
    void everyModuleIsImported() {
        for (String pkg : MODULES) {
            boolean found = false;
            for (JavaClass c : all) found |= c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".");
            assertTrue(found, "no main class of " + pkg + " on the test class path: the rules below would not see it");
        }
    }

    @Test
    void noMutableStaticStateInAnyModule() {
        fields().that().areStatic()
                .should().beFinal()
                .because("no global static state: parallel tests must be safe")
                .check(all);
    }

    @Test
    void reportsGetTheCatalogueFromTheirContextNotTheEngine() {
        noClasses().that().resideInAPackage("dev.phasecheck.reports..")
                .should().dependOnClassesThat().resideInAPackage("..rules.engine..")
                .because("reporters are pure functions of (LintResult, ReportContext); the rules catalogue comes in"
                        + " the ReportContext")
                .check(all);
    }
}
