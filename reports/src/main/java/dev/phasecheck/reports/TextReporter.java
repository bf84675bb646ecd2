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
        for (Finding f : result.findings()) {
            line(w, where(f.file(), f.line()) + ": " + f.severity().id() + " [" + f.rule() + "] " + f.message());
            String at = ReportSupport.location(f);
            if (!at.isEmpty()) line(w, "    at " + at);
            for (Related r : f.related()) {
                line(w, "    other side: " + where(r.file(), r.line()) + ", " + ReportSupport.location(r)
                        + (r.value() != null ? ", phase " + r.value() : ""));
            }
            String repeated = ReportSupport.repeated(f);
            if (repeated != null) line(w, "    " + repeated + ": " + repeats(f));
        }
        if (!result.findings().isEmpty()) w.println();
        line(w, ReportSupport.summary(result));
        w.flush();
    }

    /** One line of the report: whatever the transcript put in it, only this method ends it. */
    private static void line(PrintWriter w, String s) {
        w.println(Printable.escape(s));
    }

    static String where(String file, Integer line) {
        return line != null ? file + ":" + line : file;
    }

    /** Where the later requests repeat the fault: the first few, then how many more. */
    static String repeats(Finding f) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (Related r : f.repeats()) {
            if (shown == MAX_REPEATS_SHOWN) {
                sb.append(", and ").append(f.repeats().size() - shown).append(" more");
                break;
            }
            if (shown++ > 0) sb.append("; ");
            sb.append(r.file().equals(f.file()) ? "" : r.file() + ", ").append(ReportSupport.location(r));
        }
        return sb.toString();
    }

    static final int MAX_REPEATS_SHOWN = 5;

}
