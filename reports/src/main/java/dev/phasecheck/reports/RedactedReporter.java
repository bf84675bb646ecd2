package dev.phasecheck.reports;

import dev.phasecheck.rules.api.LintResult;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The one choke point of redaction: a format extends this and renders only what
 * {@link Redactor#result} and {@link Redactor#context} made of its input, so no string of any
 * format (ids, model names, file names, pointers, messages, values) can skip redaction.
 */
public abstract class RedactedReporter implements Reporter {
    @Override
    public final void write(LintResult result, ReportContext context, OutputStream out) throws IOException {
        render(Redactor.result(result), Redactor.context(context), out);
    }

    /** Writes the already redacted result. */
    protected abstract void render(LintResult result, ReportContext context, OutputStream out) throws IOException;
}
