package dev.phasecheck.rules.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core knows nothing of WireMock, picocli, JUnit, Spark or the reports, and its package
 * boundaries hold: what rules and reporters see ({@code api}) does not reach into the engine.
 * (Every module's static state is checked by harness/cli's ArchitectureTest, which sees them all.)
 */
class ArchitectureTest {
    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.phasecheck.rules");

    @Test
    void coreDependsOnNoHarnessOrReportLibrary() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "com.github.tomakehurst..", "org.wiremock..", "wiremock..", "spark..",
                        "picocli..", "org.junit..", "dev.phasecheck.reports..", "dev.phasecheck.cli..",
                        "dev.phasecheck.server..", "dev.phasecheck.junit..")
                .because("rules/ is the pure core, free of WireMock, picocli, JUnit, Spark and the reports")
                .check(core);
    }

    @Test
    void coreUsesOnlyItsDeclaredLibraries() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "dev.phasecheck.rules..", "tools.jackson..", "org.snakeyaml.engine..",
                        "com.networknt..", "org.brotli.dec..")
                .because("rules/ is the pure core: Jackson (databind, and dataformat-yaml with its snakeyaml-engine"
                        + " for phasecheck.yaml and YAML cassettes), networknt (schemas) and org.brotli:dec"
                        + " (Content-Encoding: br) only")
                .check(core);
    }

    @Test
    void apiDependsOnNothingOfTheEngine() {
        noClasses().that().resideInAPackage("..rules.api..")
                .should().dependOnClassesThat().resideInAPackage("..rules.engine..")
                .because("rules and reporters see the api; the engine drives them, never the other way round")
                .check(core);
    }

    @Test
    void noMutableStaticState() {
        fields().that().areStatic()
                .should().beFinal()
                .because("no global static state: parallel tests must be safe")
                .check(core);
    }
}
