package dev.phasecheck.cli;

import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.InputStream;
import java.util.List;
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

    @CommandLine.Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Lint with N threads: several files at once, and the lines of a large JSONL file "
                    + "parsed and checked in parallel (default: the number of processors). "
                    + "The report is the same for every N.")
    Integer jobs;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Transcript files or directories; '-' for stdin.")
    List<String> paths;

    private final InputStream stdin;

    LintCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        try {
            if (jobs != null && jobs < 1) throw new ConfigException("--jobs: must be at least 1, not " + jobs);
            int threads = jobs != null ? jobs : dev.phasecheck.rules.engine.Linter.defaultJobs();
            ReportOptions.Prepared run = options.prepare();
            List<TranscriptInput> inputs = TranscriptInput.expand(paths, stdin);
            for (TranscriptInput in : inputs) {
                if (in.path() == null) continue;
                for (java.nio.file.Path out : run.outputs().keySet()) {
                    if (out != null && out.toAbsolutePath().normalize().equals(in.path().toAbsolutePath().normalize())) {
                        throw new ConfigException(out + " is both a transcript to lint and a report to write; "
                                + "it would be overwritten");
                    }
                }
            }
            return run.report(spec, run.linter().lint(inputs, threads));
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("phasecheck lint: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
