package dev.phasecheck.cli;

import dev.phasecheck.reports.Baseline;
import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.reports.TimelineRecorder;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Config;
import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.Rules;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that lint, serve and run share (a picocli mixin). Values are parsed by picocli
 * converters ({@link ReportTarget}): a bad format, FORMAT=FILE or threshold is a usage error
 * before any work starts.
 */
public final class ReportOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            converter = ReportTarget.FormatConverter.class,
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = FormatCandidates.class)
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--report", paramLabel = "FORMAT=FILE", converter = ReportTarget.Converter.class,
            description = "Also write FORMAT to FILE; repeatable.")
    List<ReportTarget> reports = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error", converter = ReportTarget.FailOnConverter.class,
            description = "Lowest severity that fails the run: error, warning, info, never (default: ${DEFAULT-VALUE}).")
    FailOn failOn;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (rule severities or off, phase-model patterns). "
                    + "Default: phasecheck.yaml in the working directory, if present.")
    Path config;

    @Option(names = "--phase-model", paramLabel = "PATTERN",
            description = "Add a phase-model pattern (glob, e.g. 'gpt-5.6*'); repeatable.")
    List<String> phaseModels = new ArrayList<>();

    @Option(names = "--every-occurrence",
            description = "Report each occurrence of a replay fault as its own finding (default: one finding per fault, "
                    + "listing the later requests that repeat it).")
    boolean everyOccurrence;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Findings recorded in FILE (by fingerprint) are baselined: shown as such, and they do not fail the run; "
                    + "entries no finding matches any more are listed as stale.")
    Path baseline;

    @Option(names = "--write-baseline", paramLabel = "FILE",
            description = "Write the findings of this run as a baseline to FILE (fill in each entry's reason); exit 0.")
    Path writeBaseline;

    @Option(names = "--fail-on-stale", description = "Stale baseline entries (no finding matches them any more) fail the run.")
    boolean failOnStale;

    /**
     * Everything a command needs to lint and report, checked before any work starts. When an HTML
     * report is asked for, a timeline recorder watches the linting (the report shows each turn).
     *
     * @param baseline      the --baseline, loaded, or null
     * @param writeBaseline where --write-baseline writes, or null
     */
    record Prepared(FailOn failOn, Config config, Map<Path, String> outputs, TimelineRecorder timelines,
                    Baseline baseline, boolean failOnStale, Path writeBaseline) {
        /** A linter for this run. */
        Linter linter() {
            Linter linter = new Linter(config);
            return timelines == null ? linter : linter.withObservers(timelines);
        }

        /** Every file this run writes: the reports, and the baseline with --write-baseline. */
        List<Path> written() {
            List<Path> files = new ArrayList<>();
            for (Path p : outputs.keySet()) if (p != null) files.add(p);
            if (writeBaseline != null) files.add(writeBaseline);
            return files;
        }

        /** Writes the reports; returns the exit code. */
        int report(picocli.CommandLine.Model.CommandSpec spec, LintResult result) {
            return report(spec, result, null);
        }

        /**
         * Writes the reports, the summary line saying {@code untested} when not null (what made the run
         * fail although its findings may not); returns the exit code of the findings. With
         * --write-baseline, also writes the baseline, and the findings do not fail the run.
         */
        int report(picocli.CommandLine.Model.CommandSpec spec, LintResult result, String untested) {
            ReportContext context = new ReportContext(Main.version(), failOn, Rules.all(),
                    timelines == null ? List.of() : timelines.timelines()).withBaseline(baseline, failOnStale);
            int code = Reports.write(spec, result, outputs, context, untested);
            if (writeBaseline == null || code == ExitCodes.USAGE) return code;
            Baseline written = Baseline.of(result, baseline, writeBaseline.toString());
            try {
                Path parent = writeBaseline.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                try (OutputStream out = Files.newOutputStream(writeBaseline)) {
                    written.write(out);
                }
            } catch (IOException e) {
                spec.commandLine().getErr().println("phasecheck: --write-baseline " + writeBaseline + ": cannot write: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            spec.commandLine().getErr().println("phasecheck: wrote the baseline " + writeBaseline + " ("
                    + dev.phasecheck.reports.ReportSupport.plural(written.entries().size(), "finding")
                    + "); give each entry a reason");
            spec.commandLine().getErr().flush();
            return ExitCodes.CLEAN;
        }
    }

    /** Validates the options and loads the configuration and the baseline (usage errors are ConfigExceptions). */
    Prepared prepare() throws ConfigException {
        Map<Path, String> outputs = outputs();
        Baseline base = null;
        if (baseline != null) {
            try {
                base = Baseline.load(baseline);
            } catch (Baseline.Invalid e) {
                throw new ConfigException("--baseline " + e.getMessage());
            }
        }
        if (writeBaseline != null) {
            for (Path p : outputs.keySet()) {
                if (p != null && same(p, writeBaseline)) {
                    throw new ConfigException("--write-baseline: " + writeBaseline + " is also a report; each needs a file of its own");
                }
            }
        }
        return new Prepared(failOn, loadConfig(), outputs, outputs.containsValue("html") ? new TimelineRecorder() : null,
                base, failOnStale, writeBaseline);
    }

    static final class FormatCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Formats.names().iterator();
        }
    }

    /** Loads the configuration: --config, else ./phasecheck.yaml, then --phase-model patterns. */
    Config loadConfig() throws ConfigException {
        Config c;
        if (config != null) {
            if (!Files.isRegularFile(config)) throw new ConfigException("--config " + config + ": no such file");
            c = Config.load(config);
        } else {
            Path local = Path.of("phasecheck.yaml");
            c = Files.isRegularFile(local) ? Config.load(local) : Config.defaults();
        }
        return c.withPhaseModels(phaseModels).withEveryOccurrence(everyOccurrence);
    }

    /** Every report to write: file → format (null file = stdout). Rejects a file named twice. */
    Map<Path, String> outputs() throws ConfigException {
        Map<Path, String> out = new LinkedHashMap<>();
        out.put(output, format);
        for (ReportTarget t : reports) {
            for (Path p : out.keySet()) {
                if (p != null && same(p, t.file())) {
                    throw new ConfigException("--report: " + t.file() + " is named twice; each report needs a file of its own");
                }
            }
            out.put(t.file(), t.format());
        }
        return out;
    }

    static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
