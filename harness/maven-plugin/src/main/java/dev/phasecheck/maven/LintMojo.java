package dev.phasecheck.maven;

import dev.phasecheck.reports.Baseline;
import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.reports.ReportSupport;
import dev.phasecheck.reports.Reporter;
import dev.phasecheck.reports.Reporters;
import dev.phasecheck.reports.TextReporter;
import dev.phasecheck.reports.TimelineRecorder;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Config;
import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.Rules;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code phasecheck:lint}: lints the project's recorded transcripts, writes the reports, and fails
 * the build on findings at or above {@code failOn} (a {@link MojoFailureException} carrying the text
 * report). A usage error (a missing path, a bad option, an unknown rule id in the config, a bad
 * baseline) or an internal error of phasecheck is a {@link MojoExecutionException}: the build
 * errs, never passes.
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class LintMojo extends AbstractMojo {
    /** The default transcripts, relative to the project. */
    static final String DEFAULT_TRANSCRIPTS = "src/test/resources/transcripts";
    /** The default reports, relative to the project. */
    static final List<String> DEFAULT_REPORTS = List.of("html=target/phasecheck/report.html", "sarif=target/phasecheck/report.sarif");

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** Transcript files or directories (relative to the project); default {@code src/test/resources/transcripts}. */
    @Parameter(property = "phasecheck.transcripts")
    List<String> transcripts;

    /** The lowest severity that fails the build: error, warning, info, never. */
    @Parameter(property = "phasecheck.failOn", defaultValue = "error")
    String failOn;

    /** A config file (rule severities / off, phase-model patterns); default {@code phasecheck.yaml} in the project, if present. */
    @Parameter(property = "phasecheck.config")
    File config;

    /** A baseline file (see {@code phasecheck lint --write-baseline}): its findings are shown as baselined and do not fail the build. */
    @Parameter(property = "phasecheck.baseline")
    File baseline;

    /** Whether stale baseline entries (no finding matches them any more) fail the build. */
    @Parameter(property = "phasecheck.failOnStale", defaultValue = "false")
    boolean failOnStale;

    /** Extra phase-model patterns (globs). */
    @Parameter
    List<String> phaseModels;

    /** Reports to write, {@code FORMAT=FILE} (files relative to the project); default an HTML and a SARIF report under target/phasecheck. */
    @Parameter
    List<String> reports;

    /** Skip the goal (also {@code -Dphasecheck.skip}). */
    @Parameter(property = "phasecheck.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("phasecheck: skipped");
            return;
        }
        Path base = basedir.toPath();
        FailOn threshold;
        try {
            threshold = FailOn.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("phasecheck: failOn: " + e.getMessage());
        }
        Map<Path, String> outputs = outputs(base);
        Config cfg = config(base);
        Baseline accepted = null;
        if (baseline != null) {
            try {
                Path file = base.resolve(baseline.toPath());
                accepted = new Baseline(relative(base, file), Baseline.load(file).entries());
            } catch (Baseline.Invalid e) {
                throw new MojoExecutionException("phasecheck: baseline " + e.getMessage());
            }
        }
        List<TranscriptInput> inputs = inputs(base);
        TimelineRecorder timelines = outputs.containsValue("html") ? new TimelineRecorder() : null;
        Linter linter = timelines == null ? new Linter(cfg) : new Linter(cfg).withObservers(timelines);
        LintResult result = linter.lint(inputs);
        ReportContext context = new ReportContext(version(), threshold, Rules.all(),
                timelines == null ? List.of() : timelines.timelines()).withBaseline(accepted, failOnStale);
        for (Map.Entry<Path, String> e : outputs.entrySet()) {
            try {
                Files.createDirectories(e.getKey().toAbsolutePath().getParent());
                try (OutputStream out = Files.newOutputStream(e.getKey())) {
                    Reporters.forFormat(e.getValue()).write(result, context, out);
                }
                getLog().info("phasecheck: wrote " + e.getValue() + " report " + base.relativize(e.getKey().toAbsolutePath()));
            } catch (IOException ex) {
                throw new MojoExecutionException("phasecheck: cannot write " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        String text = text(result, context);
        if (result.internalErrors() > 0) {
            throw new MojoExecutionException("phasecheck: " + ReportSupport.plural(result.internalErrors(), "internal error")
                    + " (a bug in phasecheck, see the internal-error findings): part of the input could not be checked\n" + text);
        }
        if (context.fails(result)) {
            throw new MojoFailureException("phasecheck: findings at or above " + threshold.id()
                    + (failOnStale && !context.stale(result).isEmpty() ? " or stale baseline entries" : "") + "\n" + text);
        }
        for (String line : text.split("\\R")) if (!line.isBlank()) getLog().info(line);
    }

    /** The transcripts: each named path (relative to the project) expanded; a missing one is a build error. */
    List<TranscriptInput> inputs(Path base) throws MojoExecutionException {
        List<String> named = transcripts == null || transcripts.isEmpty() ? List.of(DEFAULT_TRANSCRIPTS) : transcripts;
        List<TranscriptInput> out = new ArrayList<>();
        for (String t : named) {
            Path p = base.resolve(t.strip());
            List<TranscriptInput> found;
            try {
                found = TranscriptInput.expand(List.of(p.toString()), null);
            } catch (ConfigException e) {
                throw new MojoExecutionException("phasecheck: transcripts: " + relative(base, p) + ": "
                        + (Files.exists(p) ? e.getMessage() : "no such file or directory")
                        + (transcripts == null ? " (the default; set <transcripts> or <skip>)" : ""));
            }
            for (TranscriptInput in : found) {
                String name = relative(base, in.path() != null ? in.path() : Path.of(in.displayName()));
                out.add(in.problem() != null ? TranscriptInput.unreadable(name, in.problem()) : TranscriptInput.of(in.path(), name));
            }
        }
        return out;
    }

    /** The configuration: {@code config}, else {@code phasecheck.yaml} in the project, then {@code phaseModels}. */
    Config config(Path base) throws MojoExecutionException {
        try {
            Config c;
            if (config != null) {
                Path p = base.resolve(config.toPath());
                if (!Files.isRegularFile(p)) throw new MojoExecutionException("phasecheck: config " + p + ": no such file");
                c = Config.load(p);
            } else {
                Path local = base.resolve("phasecheck.yaml");
                c = Files.isRegularFile(local) ? Config.load(local) : Config.defaults();
            }
            return c.withPhaseModels(phaseModels == null ? List.of() : phaseModels);
        } catch (ConfigException e) {
            throw new MojoExecutionException("phasecheck: config: " + e.getMessage());
        }
    }

    /** The reports: file → format; a bad entry or a file named twice is a build error. */
    Map<Path, String> outputs(Path base) throws MojoExecutionException {
        Map<Path, String> out = new LinkedHashMap<>();
        for (String spec : reports == null || reports.isEmpty() ? DEFAULT_REPORTS : reports) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || spec.substring(eq + 1).isBlank()) {
                throw new MojoExecutionException("phasecheck: report '" + spec + "' must be FORMAT=FILE, e.g. sarif=target/phasecheck/report.sarif");
            }
            String format = spec.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            Reporter reporter = Reporters.forFormat(format);
            if (reporter == null) {
                throw new MojoExecutionException("phasecheck: report '" + spec + "': unknown format '" + format + "' (available: "
                        + String.join(", ", Reporters.formats()) + ")");
            }
            Path file = base.resolve(spec.substring(eq + 1).strip()).toAbsolutePath().normalize();
            if (out.containsKey(file)) throw new MojoExecutionException("phasecheck: report " + file + " is named twice");
            out.put(file, format);
        }
        return out;
    }

    static String text(LintResult result, ReportContext context) throws MojoExecutionException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            new TextReporter().write(result, context, buf);
        } catch (IOException e) {
            throw new MojoExecutionException("phasecheck: cannot render the text report", e);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String relative(Path base, Path p) {
        try {
            Path abs = p.toAbsolutePath().normalize();
            Path b = base.toAbsolutePath().normalize();
            return abs.startsWith(b) ? b.relativize(abs).toString().replace('\\', '/') : abs.toString();
        } catch (RuntimeException e) {
            return p.toString();
        }
    }

    private static String version() {
        String v = LintMojo.class.getPackage().getImplementationVersion();
        return v == null ? "maven-plugin" : v;
    }
}
