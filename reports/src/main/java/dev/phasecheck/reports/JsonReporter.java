package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Severity;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON report of the CLI contract: {@code tool}, {@code summary}, {@code findings}. Fields that
 * do not apply (a file-level finding's index, a non-JSONL line) are left out. Extensions beyond
 * the contract: {@code summary.unreadable}, {@code summary.failOn}, {@code value} (the offending
 * value as sent), {@code related[].line}/{@code related[].value} (what the response said), and when
 * the finding has them: {@code interaction} (also on {@code related[]}: a recording's interaction
 * position), {@code conversation}, {@code direction} and {@code repeats} ({@code file}, {@code index},
 * {@code line}, {@code pointer} of each later request that repeats the fault).
 */
public final class JsonReporter extends RedactedReporter {
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // the caller owns the stream
            .build();

    @Override
    public String format() {
        return "json";
    }

    @Override
    protected void render(LintResult result, ReportContext context, OutputStream out) throws IOException {
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("tool");
            g.writeStartObject();
            g.writeStringProperty("name", "phasecheck");
            g.writeStringProperty("version", context.toolVersion());
            g.writeEndObject();
            g.writeName("summary");
            g.writeStartObject();
            g.writeNumberProperty("files", result.files().size());
            g.writeNumberProperty("exchanges", result.exchanges());
            g.writeNumberProperty("error", result.count(Severity.ERROR));
            g.writeNumberProperty("warning", result.count(Severity.WARNING));
            g.writeNumberProperty("info", result.count(Severity.INFO));
            g.writeNumberProperty("unreadable", result.unreadable());
            g.writeNumberProperty("internalErrors", result.internalErrors());
            g.writeStringProperty("failOn", context.failOn().id());
            if (context.baseline() != null) g.writeNumberProperty("baselined", context.baselinedCount(result));
            g.writeEndObject();
            if (context.baseline() != null) {
                g.writeName("baseline");
                g.writeStartObject();
                g.writeStringProperty("file", context.baseline().source());
                g.writeName("stale");
                g.writeStartArray();
                for (Baseline.Entry e : context.stale(result)) {
                    g.writeStartObject();
                    g.writeStringProperty("fingerprint", e.fingerprint());
                    g.writeStringProperty("rule", e.rule());
                    g.writeStringProperty("file", e.file());
                    g.writeStringProperty("message", e.message());
                    g.writeStringProperty("reason", e.reason());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeName("findings");
            g.writeStartArray();
            java.util.List<Baseline.Entry> accepted = context.baselined(result);
            int n = 0;
            for (Finding f : result.findings()) {
                Baseline.Entry accept = accepted.get(n++);
                g.writeStartObject();
                g.writeStringProperty("rule", f.rule());
                g.writeStringProperty("severity", f.severity().id());
                g.writeStringProperty("message", f.message());
                g.writeStringProperty("file", f.file());
                if (f.index() != null) g.writeNumberProperty("index", f.index());
                if (f.line() != null) g.writeNumberProperty("line", f.line());
                if (f.interaction() != null) g.writeNumberProperty("interaction", f.interaction());
                if (f.pointer() != null) g.writeStringProperty("pointer", f.pointer());
                if (f.conversation() != null) g.writeStringProperty("conversation", f.conversation());
                if (f.direction() != null) g.writeStringProperty("direction", f.direction());
                if (f.value() != null) {
                    g.writeName("value");
                    g.writeTree(f.value());
                }
                g.writeStringProperty("fingerprint", Fingerprints.of(f));
                if (accept != null) {
                    g.writeBooleanProperty("baselined", true);
                    g.writeStringProperty("reason", accept.reason());
                }
                g.writeName("related");
                g.writeStartArray();
                for (Related r : f.related()) place(g, r, true);
                g.writeEndArray();
                if (!f.repeats().isEmpty()) {
                    g.writeName("repeats");
                    g.writeStartArray();
                    for (Related r : f.repeats()) place(g, r, false);
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** A place in a transcript: the other side of a finding (with its value), or a repeat of it. */
    private static void place(JsonGenerator g, Related r, boolean withValue) {
        g.writeStartObject();
        g.writeStringProperty("file", r.file());
        if (r.index() != null) g.writeNumberProperty("index", r.index());
        if (r.line() != null) g.writeNumberProperty("line", r.line());
        if (r.interaction() != null) g.writeNumberProperty("interaction", r.interaction());
        g.writeStringProperty("pointer", r.pointer());
        if (withValue && r.value() != null) {
            g.writeName("value");
            g.writeTree(r.value());
        }
        g.writeEndObject();
    }
}
