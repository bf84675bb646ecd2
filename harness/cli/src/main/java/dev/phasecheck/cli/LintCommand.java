package dev.phasecheck.cli;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Lint recorded transcripts (JSONL, JSON, HAR; directories recursively; '-' reads JSONL from stdin).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_CLEAN, ExitCodes.HELP_FINDINGS, ExitCodes.HELP_USAGE})
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
    private final boolean showProgress;

    LintCommand(InputStream stdin, boolean showProgress) {
        this.stdin = stdin;
        this.showProgress = showProgress;
    }

    /** Usage errors propagate as ConfigExceptions: {@link Main} reports them in one place. */
    @Override
    public Integer call() throws ConfigException {
        if (jobs != null && jobs < 1) throw new ConfigException("--jobs: must be at least 1, not " + jobs);
        ReportOptions.Prepared run = options.prepare();
        List<TranscriptInput> inputs = TranscriptInput.expand(paths, stdin);
        for (TranscriptInput in : inputs) {
            if (in.path() == null) continue;
            for (Path out : run.written()) {
                if (ReportOptions.same(out, in.path())) {
                    throw new ConfigException(out + " is both a transcript to lint and a report to write; it would be overwritten");
                }
            }
        }
        return run.report(spec, lint(run, inputs));
    }

    /** Lints the inputs in order; with progress, one file at a time, saying how far it got. */
    private LintResult lint(ReportOptions.Prepared run, List<TranscriptInput> inputs) {
        int threads = jobs != null ? jobs : Linter.defaultJobs();
        if (!showProgress) return run.linter().lint(inputs, threads);
        Progress progress = new Progress(spec.commandLine().getErr(), inputs.size(), System::nanoTime, run.timelines());
        Linter linter = new Linter(run.config()).withObservers(progress);
        List<LintResult> parts = new ArrayList<>(inputs.size());
        try {
            for (TranscriptInput in : inputs) {
                long before = progress.findingsSoFar();
                LintResult part = linter.lint(in);
                parts.add(part);
                progress.fileDone(in.path(), part.findings().size(), progress.findingsSoFar() - before);
            }
        } finally {
            progress.finish();
        }
        return LintResult.merge(parts);
    }
}
