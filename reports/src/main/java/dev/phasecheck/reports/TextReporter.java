package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A report for people and CI logs: one block per finding, compiler style
 * ({@code file:line: severity [rule] message}), then the counts. Control characters in any
 * value are shown escaped ({@link Printable}), so a transcript cannot fake or erase a line.
 */
public final class TextReporter extends RedactedReporter {

    @Override
    public String format() {
        return "text";
    }

    @Override
    protected void render(LintResult result, ReportContext context, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        java.util.List<Baseline.Entry> accepted = context.baselined(result);
        int n = 0;
        for (Finding f : result.findings()) {
            boolean baselined = accepted.get(n++) != null;
            line(w, where(f.file(), f.line()) + ": " + f.severity().id() + " [" + f.rule() + "] " + (baselined ? "(baselined) " : "")
                    + f.message());
            String at = ReportSupport.location(f);
            if (!at.isEmpty()) line(w, "    at " + at);
            for (Related r : f.related()) {
                line(w, "    other side: " + where(r.file(), r.line()) + ", " + ReportSupport.location(r)
                        + (r.value() != null ? ", phase " + r.value() : ""));
            }
            String repeated = ReportSupport.repeated(f);
            if (repeated != null) line(w, "    " + repeated + ": " + ReportSupport.repeats(f));
        }
        if (!result.findings().isEmpty()) w.println();
        if (context.baseline() != null) {
            java.util.List<Baseline.Entry> stale = context.stale(result);
            line(w, ReportSupport.baselineLine(context.baselinedCount(result), stale.size(), context.baseline().source()));
            for (Baseline.Entry e : stale) {
                line(w, "    stale: [" + e.rule() + "] " + e.file() + ": " + e.message() + " (" + e.fingerprint() + ")");
            }
        }
        line(w, ReportSupport.summary(result));
        w.flush();
    }

    /** One line of the report: whatever the transcript put in it, only this method ends it. */
    private static void line(PrintWriter w, String s) {
        w.println(Printable.escape(s));
    }

    /** "baseline FILE: 2 findings baselined (they do not fail the run), 1 stale entry". */
    static String where(String file, Integer line) {
        return ReportSupport.where(file, line);
    }

}
