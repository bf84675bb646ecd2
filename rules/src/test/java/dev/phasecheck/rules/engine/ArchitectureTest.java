package dev.phasecheck.rules.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core knows nothing of WireMock, picocli, JUnit or the reports. */
class ArchitectureTest {
    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.phasecheck.rules");

    @Test
    void rulesDependOnNoHarnessOrReportLibrary() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "com.github.tomakehurst..", "org.wiremock..", "wiremock..",
                        "picocli..", "org.junit..", "dev.phasecheck.reports..", "dev.phasecheck.cli..",
                        "dev.phasecheck.server..", "dev.phasecheck.junit..")
                .because("rules/ is the pure core: Jackson and networknt only")
                .check(core);
    }

    @Test
    void noMutableStaticState() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields().that().areStatic()
                .should().beFinal()
                .because("no global static state: parallel tests must be safe")
                .check(core);
    }
}
