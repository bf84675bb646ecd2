package dev.phasecheck.reports;

import dev.phasecheck.rules.api.LintResult;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a lint result in one format. A reporter is a pure function of its inputs. */
public interface Reporter {
    /** The format's name as given to {@code -f/--format}. */
    String format();

    void write(LintResult result, ReportContext context, OutputStream out) throws IOException;
}
