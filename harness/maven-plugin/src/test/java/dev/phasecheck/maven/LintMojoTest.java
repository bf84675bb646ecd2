package dev.phasecheck.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal's behaviour, called as Maven calls it (fields set, then execute). */
class LintMojoTest {
    @TempDir
    Path project;

    static Path fixture(String name) {
        return Path.of(System.getProperty("phasecheck.fixtures", "../../fixtures")).resolve("examples").resolve(name);
    }

    LintMojo mojo(String transcript) throws Exception {
        Path dir = project.resolve(LintMojo.DEFAULT_TRANSCRIPTS);
        Files.createDirectories(dir);
        if (transcript != null) Files.copy(fixture(transcript), dir.resolve(transcript));
        LintMojo m = new LintMojo();
        m.basedir = project.toFile();
        m.failOn = "error";
        return m;
    }

    @Test
    void aConformantTranscriptPassesAndWritesTheDefaultReports() throws Exception {
        mojo("agent-loop-conformant.jsonl").execute();
        assertTrue(Files.readString(project.resolve("target/phasecheck/report.html")).contains("PASS"));
        assertTrue(Files.readString(project.resolve("target/phasecheck/report.sarif")).contains("\"version\" : \"2.1.0\""));
    }

    @Test
    void findingsFailTheBuildWithTheTextReport() throws Exception {
        LintMojo m = mojo("agent-loop-drops-phase.jsonl");
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(e.getMessage().contains("src/test/resources/transcripts/agent-loop-drops-phase.jsonl:2: error [phase-dropped]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("1 file, 3 exchanges: 2 errors"), e.getMessage());
        m.failOn = "never";
        m.execute();
    }

    @Test
    void aBaselineAcceptsAndStaleEntriesCanFail() throws Exception {
        LintMojo m = mojo("agent-loop-drops-phase.jsonl");
        m.baseline = Path.of(System.getProperty("phasecheck.it", "src/it")).resolve("baselined-passes/phasecheck-baseline.json")
                .toAbsolutePath().toFile();
        m.execute();
        Files.delete(project.resolve(LintMojo.DEFAULT_TRANSCRIPTS).resolve("agent-loop-drops-phase.jsonl"));
        Files.copy(fixture("agent-loop-conformant.jsonl"), project.resolve(LintMojo.DEFAULT_TRANSCRIPTS).resolve("ok.jsonl"));
        m.execute();
        m.failOnStale = true;
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(e.getMessage().contains("2 stale entries"), e.getMessage());
    }

    @Test
    void usageErrorsAreBuildErrors() throws Exception {
        LintMojo m = mojo(null);
        Files.delete(project.resolve(LintMojo.DEFAULT_TRANSCRIPTS));
        MojoExecutionException missing = assertThrows(MojoExecutionException.class, m::execute);
        assertEquals("phasecheck: transcripts: src/test/resources/transcripts: no such file or directory "
                + "(the default; set <transcripts> or <skip>)", missing.getMessage());
        m.skip = true;
        m.execute();
        m.skip = false;
        m.transcripts = List.of(fixture("agent-loop-conformant.jsonl").toAbsolutePath().toString());
        m.failOn = "sometimes";
        assertTrue(assertThrows(MojoExecutionException.class, m::execute).getMessage().contains("'sometimes' is not one of"));
        m.failOn = "error";
        m.reports = List.of("pdf=x.pdf");
        assertTrue(assertThrows(MojoExecutionException.class, m::execute).getMessage().contains("unknown format 'pdf'"));
        m.reports = List.of("json");
        assertTrue(assertThrows(MojoExecutionException.class, m::execute).getMessage().contains("must be FORMAT=FILE"));
        m.reports = null;
        Path cfg = project.resolve("phasecheck.yaml");
        Files.writeString(cfg, "rules:\n  phase-droped: off\n");
        assertTrue(assertThrows(MojoExecutionException.class, m::execute).getMessage().contains("unknown rule id"));
    }
}
