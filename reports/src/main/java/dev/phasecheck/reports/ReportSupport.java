package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Severity;
import java.util.StringJoiner;

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

    /**
     * Where a finding is, as every format shows it: {@code conversation c3, exchange 1 (interaction 2),
     * /request/input/3 (to-client)}; each part only when the finding has it ({@code interaction 2}
     * for a recording's interaction that is no exchange); "" for a file-level finding.
     */
    public static String location(Finding f) {
        StringJoiner sj = new StringJoiner(", ");
        if (f.conversation() != null) sj.add("conversation " + f.conversation());
        String at = exchange(f.index(), f.interaction());
        if (!at.isEmpty()) sj.add(at);
        if (f.pointer() != null && !f.pointer().isEmpty()) sj.add(f.pointer());
        return sj + (f.direction() != null ? " (" + f.direction() + ")" : "");
    }

    /** Where the other side (or a repeat) of a finding is: {@code exchange 0 (interaction 1), /response/output/0}. */
    public static String location(Related r) {
        StringJoiner sj = new StringJoiner(", ");
        String at = exchange(r.index(), r.interaction());
        if (!at.isEmpty()) sj.add(at);
        if (r.pointer() != null && !r.pointer().isEmpty()) sj.add(r.pointer());
        return sj.toString();
    }

    /** {@code exchange 1 (interaction 2)}, {@code exchange 1}, {@code interaction 2}, or "". */
    public static String exchange(Integer index, Integer interaction) {
        if (index == null) return interaction == null ? "" : "interaction " + interaction;
        return "exchange " + index + (interaction == null ? "" : " (interaction " + interaction + ")");
    }

    /** "repeated in 3 later requests", or null when the fault occurs once. */
    public static String repeated(Finding f) {
        int n = f.repeats().size();
        return n == 0 ? null : "repeated in " + n + " later request" + (n == 1 ? "" : "s");
    }

    /** "file:line", or the file alone when there is no line. */
    public static String where(String file, Integer line) {
        return line != null ? file + ":" + line : file;
    }

    /** "1 file", "2 files". */
    public static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** "baseline F: N findings baselined (they do not fail the run), M stale entries". */
    public static String baselineLine(int baselined, int stale, String source) {
        return "baseline" + (source == null ? "" : " " + source) + ": " + plural(baselined, "finding")
                + " baselined (they do not fail the run), " + stale + " stale " + (stale == 1 ? "entry" : "entries");
    }

    /** Where the later requests repeat the fault: the first few, then how many more. */
    public static String repeats(Finding f) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (Related r : f.repeats()) {
            if (shown == MAX_REPEATS_SHOWN) {
                sb.append(", and ").append(f.repeats().size() - shown).append(" more");
                break;
            }
            if (shown++ > 0) sb.append("; ");
            sb.append(r.file().equals(f.file()) ? "" : r.file() + ", ").append(location(r));
        }
        return sb.toString();
    }

    static final int MAX_REPEATS_SHOWN = 5;
}
