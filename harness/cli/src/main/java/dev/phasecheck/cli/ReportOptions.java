package dev.phasecheck.cli;

import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.reports.TimelineRecorder;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.engine.Rules;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.Config;
import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.api.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that lint, serve and run share (a picocli mixin). */
public final class ReportOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = FormatCandidates.class)
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--report", paramLabel = "FORMAT=FILE",
            description = "Also write FORMAT to FILE; repeatable.")
    List<String> reports = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
            description = "Lowest severity that fails the run: error, warning, info, never (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (rule severities or off, phase-model patterns). "
                    + "Default: phasecheck.yaml in the working directory, if present.")
    Path config;

    @Option(names = "--phase-model", paramLabel = "PATTERN",
            description = "Add a phase-model pattern (glob, e.g. 'gpt-5.6*'); repeatable.")
    List<String> phaseModels = new ArrayList<>();

    /**
     * Everything a command needs to lint and report, checked before any work starts. When an HTML
     * report is asked for, a timeline recorder watches the linting (the report shows each turn).
     */
    record Prepared(FailOn failOn, Config config, Map<Path, String> outputs, TimelineRecorder timelines) {
        /** A linter for this run. */
        Linter linter() {
            Linter linter = new Linter(config);
            return timelines == null ? linter : linter.withObservers(timelines);
        }

        /** Writes the reports; returns the exit code. */
        int report(picocli.CommandLine.Model.CommandSpec spec, LintResult result) {
            return report(spec, result, null);
        }

        /**
         * Writes the reports, the summary line saying {@code untested} when not null (what made the run
         * fail although its findings may not); returns the exit code of the findings.
         */
        int report(picocli.CommandLine.Model.CommandSpec spec, LintResult result, String untested) {
            ReportContext context = new ReportContext(Main.version(), failOn, Rules.all(),
                    timelines == null ? List.of() : timelines.timelines());
            return Reports.write(spec, result, outputs, context, untested);
        }
    }

    /** Validates the options and loads the configuration (usage errors are ConfigExceptions). */
    Prepared prepare() throws ConfigException {
        Map<Path, String> outputs = outputs();
        return new Prepared(failOnSeverity(), loadConfig(), outputs,
                outputs.containsValue("html") ? new TimelineRecorder() : null);
    }

    static final class FormatCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Formats.names().iterator();
        }
    }

    /** The threshold. */
    FailOn failOnSeverity() throws ConfigException {
        try {
            return FailOn.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--fail-on: " + e.getMessage());
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
        return c.withPhaseModels(phaseModels);
    }

    /** Every report to write: format → file (null file = stdout). Rejects a file named twice. */
    Map<Path, String> outputs() throws ConfigException {
        Map<Path, String> out = new LinkedHashMap<>();
        checkFormat(format, "--format");
        out.put(output, format);
        for (String spec : reports) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new ConfigException("--report: '" + spec + "' must be FORMAT=FILE, e.g. json=findings.json");
            }
            String fmt = spec.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            checkFormat(fmt, "--report");
            Path file = Path.of(spec.substring(eq + 1).trim());
            for (Path p : out.keySet()) {
                if (p != null && p.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
                    throw new ConfigException("--report: " + file + " is named twice; each report needs a file of its own");
                }
            }
            out.put(file, fmt);
        }
        return out;
    }

    private static void checkFormat(String fmt, String option) throws ConfigException {
        if (Formats.forName(fmt) == null) {
            throw new ConfigException(option + ": unknown format '" + fmt + "' (available: "
                    + String.join(", ", Formats.names()) + ")");
        }
    }
}
