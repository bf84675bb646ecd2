package dev.phasecheck.reports;

import dev.phasecheck.rules.Finding;
import dev.phasecheck.rules.LintResult;
import dev.phasecheck.rules.Related;
import dev.phasecheck.rules.Severity;
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
            String at = at(f.index(), f.pointer());
            if (!at.isEmpty()) line(w, "    at " + at);
            for (Related r : f.related()) {
                line(w, "    other side: " + where(r.file(), r.line()) + ", " + at(r.index(), r.pointer())
                        + (r.value() != null ? ", phase " + r.value() : ""));
            }
        }
        if (!result.findings().isEmpty()) w.println();
        line(w, summary(result));
        w.flush();
    }

    /** One line of the report: whatever the transcript put in it, only this method ends it. */
    private static void line(PrintWriter w, String s) {
        w.println(Printable.escape(s));
    }

    static String where(String file, Integer line) {
        return line != null ? file + ":" + line : file;
    }

    static String at(Integer index, String pointer) {
        StringBuilder sb = new StringBuilder();
        if (index != null) sb.append("exchange ").append(index);
        if (pointer != null && !pointer.isEmpty()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(pointer);
        }
        return sb.toString();
    }

    /** "2 files, 12 exchanges: 2 errors, 1 warning, 0 info" (plus unreadable exchanges when any). */
    public static String summary(LintResult r) {
        long e = r.count(Severity.ERROR);
        long w = r.count(Severity.WARNING);
        long i = r.count(Severity.INFO);
        return plural(r.files().size(), "file") + ", " + plural(r.exchanges(), "exchange")
                + (r.unreadable() > 0 ? " (" + r.unreadable() + " unreadable)" : "")
                + ": " + plural(e, "error") + ", " + plural(w, "warning") + ", " + i + " info"
                + (r.internalErrors() > 0 ? "; " + plural(r.internalErrors(), "internal error") + " of phasecheck (not checked)" : "");
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
