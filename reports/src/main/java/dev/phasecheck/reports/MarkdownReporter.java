package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** A short summary for {@code $GITHUB_STEP_SUMMARY} or a pull-request comment. */
public final class MarkdownReporter extends RedactedReporter {
    static final int MAX_ROWS = 50;

    @Override
    public String format() {
        return "markdown";
    }

    @Override
    protected void render(LintResult result, ReportContext context, OutputStream out) throws IOException {
        StringBuilder md = new StringBuilder();
        boolean failed = context.fails(result);
        md.append("## phasecheck: ").append(failed ? "❌ phase conformance failed" : "✅ phase conformance passed").append("\n\n");
        md.append(cell(ReportSupport.summary(result))).append(" (fail on " + context.failOn().id() + ")")
                .append("\n\n");
        if (context.baseline() != null) {
            md.append(ReportSupport.plural(context.baselinedCount(result), "finding")).append(" baselined (not failing the run), ")
                    .append(ReportSupport.plural(context.stale(result).size(), "stale baseline entry").replace("entrys", "entries"))
                    .append("\n\n");
        }
        Map<String, int[]> byRule = new TreeMap<>();
        for (Finding f : result.findings()) byRule.computeIfAbsent(f.rule(), k -> new int[3])[f.severity().ordinal()]++;
        if (!byRule.isEmpty()) {
            md.append("| rule | error | warning | info |\n|---|---:|---:|---:|\n");
            for (Map.Entry<String, int[]> e : byRule.entrySet()) {
                md.append("| ").append(code(e.getKey())).append(" | ").append(e.getValue()[0]).append(" | ").append(e.getValue()[1])
                        .append(" | ").append(e.getValue()[2]).append(" |\n");
            }
            md.append("\n| severity | rule | where | finding |\n|---|---|---|---|\n");
            int n = 0;
            for (Finding f : result.findings()) {
                if (n++ == MAX_ROWS) break;
                String repeated = ReportSupport.repeated(f);
                String where = f.file() + (f.line() != null ? ":" + f.line() : "") + (f.index() != null ? " #" + f.index() : "")
                        + (f.interaction() != null ? (f.index() != null ? " (interaction " + f.interaction() + ")"
                                : " interaction " + f.interaction()) : "")
                        + (f.pointer() != null && !f.pointer().isEmpty() ? " " + f.pointer() : "")
                        + (f.direction() != null ? " (" + f.direction() + ")" : "")
                        + (f.conversation() != null ? ", conversation " + f.conversation() : "")
                        + (repeated == null ? "" : "; " + repeated);
                md.append("| ").append(f.severity().id()).append(" | ").append(code(f.rule())).append(" | ").append(cell(where))
                        .append(" | ").append(cell(f.message())).append(" |\n");
            }
            if (result.findings().size() > MAX_ROWS) {
                md.append("\n…and ").append(result.findings().size() - MAX_ROWS).append(" more findings (see the full report).\n");
            }
        }
        out.write(md.toString().getBytes(StandardCharsets.UTF_8));
    }


    /**
     * Escapes a table cell: Markdown and HTML special characters become inert (a backslash too, so
     * that an input backslash cannot un-escape the pipe after it), and control characters, newlines
     * included, are shown escaped ({@link Printable}).
     */
    static String cell(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '|' -> sb.append("\\|");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\\', '`', '*', '_', '[', ']', '#', '!', '~' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return Printable.escape(sb.toString());
    }

    /** A rule id as inline code; an id that is not plain {@code [a-z0-9-]} is shown as an escaped cell instead. */
    static String code(String id) {
        return id.matches("[a-z0-9-]+") ? "`" + id + "`" : cell(id);
    }
}
