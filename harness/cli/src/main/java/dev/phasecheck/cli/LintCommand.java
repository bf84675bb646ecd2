package dev.phasecheck.cli;

import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.reports.Reporter;
import dev.phasecheck.reports.Reporters;
import dev.phasecheck.reports.TextReporter;
import dev.phasecheck.rules.Config;
import dev.phasecheck.rules.ConfigException;
import dev.phasecheck.rules.LintResult;
import dev.phasecheck.rules.Linter;
import dev.phasecheck.rules.Severity;
import dev.phasecheck.rules.TranscriptInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Lint recorded transcripts (JSONL, JSON, HAR; directories recursively; '-' reads JSONL from stdin).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on", "1:findings at or above --fail-on",
                "2:usage or configuration error (bad option, unknown rule id, missing path)"})
public final class LintCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ReportOptions options;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Transcript files or directories; '-' for stdin.")
    List<String> paths;

    private final InputStream stdin;

    LintCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        try {
            Severity threshold = options.failOnSeverity();
            Config config = options.loadConfig();
            Map<Path, String> outputs = options.outputs();
            List<TranscriptInput> inputs = TranscriptInput.expand(paths, stdin);
            Linter linter = outputs.containsValue("html") ? new Linter(config).withTimeline() : new Linter(config);
            LintResult result = linter.lint(inputs);
            return Reports.write(spec, result, outputs, new ReportContext(Main.version(), options.failOn), threshold);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("phasecheck lint: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
