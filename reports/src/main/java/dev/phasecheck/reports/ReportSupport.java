package dev.phasecheck.reports;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;

/** What several reporters say the same way; reporters share this instead of calling each other. */
public final class ReportSupport {
    private ReportSupport() {}

    /** "2 files, 12 exchanges: 2 errors, 1 warning, 0 info" (plus unreadable exchanges and internal errors when any). */
    public static String summary(LintResult r) {
        long e = r.count(Severity.ERROR);
        long w = r.count(Severity.WARNING);
        long i = r.count(Severity.INFO);
        return plural(r.files().size(), "file") + ", " + plural(r.exchanges(), "exchange")
                + (r.unreadable() > 0 ? " (" + r.unreadable() + " unreadable)" : "")
                + ": " + plural(e, "error") + ", " + plural(w, "warning") + ", " + i + " info"
                + (r.internalErrors() > 0 ? "; " + plural(r.internalErrors(), "internal error") + " of phasecheck (not checked)" : "");
    }

    /** "1 file", "2 files". */
    public static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
