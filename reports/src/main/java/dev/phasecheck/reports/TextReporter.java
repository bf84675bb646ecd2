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
            String at = at(f.index(), f.pointer());
            if (!at.isEmpty()) line(w, "    at " + at);
            for (Related r : f.related()) {
                line(w, "    other side: " + where(r.file(), r.line()) + ", " + at(r.index(), r.pointer())
                        + (r.value() != null ? ", phase " + r.value() : ""));
            }
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

    static String at(Integer index, String pointer) {
        StringBuilder sb = new StringBuilder();
        if (index != null) sb.append("exchange ").append(index);
        if (pointer != null && !pointer.isEmpty()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(pointer);
        }
        return sb.toString();
    }

}
