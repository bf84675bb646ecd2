package dev.phasecheck.cli;

import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.reports.Reporter;
import dev.phasecheck.reports.ReportSupport;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Writes a run's reports and turns its result into the exit code. */
final class Reports {
    private Reports() {}

    /**
     * Writes every report; returns the exit code of the findings (or USAGE when a file cannot be written).
     *
     * @param untested when not null, why the run tested nothing: appended to the text report's summary
     *                 line, or to the one-line summary printed when the reports went to files
     */
    static int write(CommandLine.Model.CommandSpec spec, LintResult result, Map<Path, String> outputs,
                     ReportContext context, String untested) {
        String summary = ReportSupport.summary(result);
        boolean stdoutUsed = false;
        for (Map.Entry<Path, String> e : outputs.entrySet()) {
            Reporter reporter = Formats.forName(e.getValue());
            try {
                if (e.getKey() == null) {
                    ByteArrayOutputStream buf = new ByteArrayOutputStream();
                    reporter.write(result, context, buf);
                    String text = buf.toString(StandardCharsets.UTF_8);
                    if (untested != null && "text".equals(e.getValue())) text = withNote(text, summary, untested);
                    spec.commandLine().getOut().print(text);
                    spec.commandLine().getOut().flush();
                    stdoutUsed = true;
                } else {
                    Path parent = e.getKey().toAbsolutePath().getParent();
                    if (parent != null) Files.createDirectories(parent);
                    try (OutputStream out = Files.newOutputStream(e.getKey())) {
                        reporter.write(result, context, out);
                    }
                }
            } catch (IOException ex) {
                spec.commandLine().getErr().println("phasecheck: cannot write " + e.getKey() + ": " + ex.getMessage());
                return ExitCodes.USAGE;
            }
        }
        if (!stdoutUsed) {
            // the report went to files: still say the outcome in one line
            spec.commandLine().getOut().println(untested == null ? summary : summary + "; " + untested);
            spec.commandLine().getOut().flush();
        }
        if (result.internalErrors() > 0) {
            // phasecheck failed on part of the input: never a pass, whatever --fail-on says
            spec.commandLine().getErr().println("phasecheck: " + result.internalErrors() + " internal error"
                    + (result.internalErrors() == 1 ? "" : "s") + " (a bug in phasecheck, see the internal-error findings): "
                    + "part of the input could not be checked");
            return ExitCodes.USAGE;
        }
        return context.fails(result) ? ExitCodes.FINDINGS : ExitCodes.CLEAN;
    }

    /** The text report with the note appended to its summary line (its last line). */
    static String withNote(String text, String summary, String note) {
        int at = text.lastIndexOf(summary);
        if (at < 0) return text + note + System.lineSeparator();
        int end = at + summary.length();
        return text.substring(0, end) + "; " + note + text.substring(end);
    }
}
