package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GitHub Actions workflow commands: one annotation per finding,
 * {@code ::error file=F,line=L,title=RULE::message} ({@code warning} and {@code notice} for the
 * lower severities; a baselined finding is a {@code notice} titled "RULE (baselined)"), then the
 * summary line. Values are escaped as the Actions runner reads them: in the message {@code %},
 * CR and LF become {@code %25}, {@code %0D}, {@code %0A}; in properties also {@code :} and
 * {@code ,} ({@code %3A}, {@code %2C}). Before that every control character of transcript text
 * is shown escaped ({@link Printable}), so nothing a transcript says can end the line and start a
 * command of its own.
 */
public final class GithubReporter extends RedactedReporter {
    @Override
    public String format() {
        return "github";
    }

    @Override
    protected void render(LintResult result, ReportContext context, OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<Baseline.Entry> accepted = context.baselined(result);
        int n = 0;
        for (Finding f : result.findings()) {
            boolean baselined = accepted.get(n++) != null;
            String command = baselined ? "notice" : switch (f.severity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                case INFO -> "notice";
            };
            sb.append("::").append(command).append(" file=").append(property(f.file()));
            if (f.line() != null) sb.append(",line=").append(f.line());
            sb.append(",title=").append(property(f.rule() + (baselined ? " (baselined)" : "")));
            sb.append("::").append(data(message(f)));
            sb.append('\n');
        }
        if (context.baseline() != null) {
            List<Baseline.Entry> stale = context.stale(result);
            String line = ReportSupport.baselineLine(context.baselinedCount(result), stale.size(), context.baseline().source());
            sb.append(Printable.escape(line)).append('\n');
            for (Baseline.Entry e : stale) {
                sb.append(context.failOnStale() ? "::error" : "::warning").append(" file=").append(property(e.file()))
                        .append(",title=").append(property("stale baseline entry")).append("::")
                        .append(data("[" + e.rule() + "] no finding matches this baseline entry any more: " + e.message()))
                        .append('\n');
            }
        }
        sb.append(Printable.escape(ReportSupport.summary(result))).append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The message, with where in the exchange and the other side (an annotation has one text). */
    private static String message(Finding f) {
        StringBuilder m = new StringBuilder(f.message());
        String at = ReportSupport.location(f);
        if (!at.isEmpty()) m.append(" (at ").append(at).append(')');
        for (Related r : f.related()) {
            m.append(" (other side: ").append(ReportSupport.where(r.file(), r.line())).append(", ").append(ReportSupport.location(r))
                    .append(r.value() != null ? ", phase " + r.value() : "").append(')');
        }
        return m.toString();
    }

    /** A command's message: control characters shown escaped, then {@code %}, CR and LF percent-encoded. */
    static String data(String s) {
        return Printable.escape(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A property value: as {@link #data}, and {@code :} and {@code ,} percent-encoded too. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
