package dev.phasecheck.reports;

import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps secrets out of reports: API keys ({@code sk-…}, {@code sk-proj-…}, {@code sk-or-…}),
 * bearer tokens, and the values of fields named like credentials ({@code authorization},
 * {@code api-key}, {@code x-api-key}, …), wherever they appear in transcript text.
 *
 * <p>This is the only place that knows what a secret looks like. Every report format renders
 * {@link #result(LintResult)} (through {@link RedactedReporter}), a copy of the lint result in
 * which every string is redacted: file names, ids, model names, endpoints, pointers, messages,
 * values and item texts.
 */
public final class Redactor {
    private Redactor() {}

    public static final String MARK = "[REDACTED]";

    // not inside a word ("task-…"), but after an underscore ("msg_sk-…") it is still a key;
    // a key cut short by a text preview ("sk-pro…") still loses what is left of it
    private static final Pattern KEY = Pattern.compile("(?<![A-Za-z0-9])sk-(?:[A-Za-z0-9_\\-]{8,}|[A-Za-z0-9_\\-]+(?=\u2026))");
    // credentials are long: 16+ token characters, so that prose ("a basic example") is left alone,
    // unless a text preview cut the token short ("Bearer abc…")
    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(bearer|basic)\\s+(?:[A-Za-z0-9._~+/=\\-]{16,}|[A-Za-z0-9._~+/=\\-]+(?=\u2026))");
    private static final Pattern HEADER = Pattern.compile(
            "(?i)\\b(authorization|proxy-authorization|x-api-key|api-key|api_key|apikey|openai-api-key)(\"?\\s*[:=]\\s*\"?)([^\"\\s,}]+)");
    private static final Set<String> SECRET_FIELDS = Set.of("authorization", "proxy-authorization", "x-api-key", "api-key",
            "api_key", "apikey", "openai_api_key", "openai-api-key", "password", "secret", "token", "access_token");

    /** The text with secrets replaced. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) return s;
        String out = s;
        if (out.contains("sk-")) out = KEY.matcher(out).replaceAll("sk-" + MARK);
        String low = out.toLowerCase(Locale.ROOT);
        if (low.contains("bearer") || low.contains("basic")) {
            out = BEARER.matcher(out).replaceAll("$1 " + MARK);
        }
        String lower = out.toLowerCase(Locale.ROOT);
        if (lower.contains("auth") || lower.contains("key")) out = HEADER.matcher(out).replaceAll("$1$2" + MARK);
        return out;
    }

    /** The report context with secrets replaced (the version string is shown by every format). */
    public static ReportContext context(ReportContext c) {
        if (c == null) return null;
        List<Timeline> timelines = new ArrayList<>(c.timelines().size());
        for (Timeline t : c.timelines()) timelines.add(timeline(t));
        return new ReportContext(text(c.toolVersion()), c.failOn(), c.rules(), timelines, baseline(c.baseline()), c.failOnStale());
    }

    /** The baseline with its entries' texts redacted (fingerprints are computed on redacted findings already). */
    private static Baseline baseline(Baseline b) {
        if (b == null) return null;
        List<Baseline.Entry> entries = new ArrayList<>(b.entries().size());
        for (Baseline.Entry e : b.entries()) {
            entries.add(new Baseline.Entry(e.fingerprint(), text(e.rule()), text(e.file()), text(e.message()), text(e.reason())));
        }
        return new Baseline(text(b.source()), entries);
    }

    /** A copy of the lint result in which every string a report could show has its secrets replaced. */
    public static LintResult result(LintResult r) {
        List<FileSummary> files = new ArrayList<>(r.files().size());
        for (FileSummary f : r.files()) files.add(new FileSummary(text(f.file()), f.exchanges(), f.unreadable()));
        List<Finding> findings = new ArrayList<>(r.findings().size());
        for (Finding f : r.findings()) findings.add(finding(f));
        return new LintResult(files, findings);
    }

    private static Finding finding(Finding f) {
        List<Related> related = new ArrayList<>(f.related().size());
        for (Related r : f.related()) {
            related.add(related(r));
        }
        List<Related> repeats = new ArrayList<>(f.repeats().size());
        for (Related r : f.repeats()) repeats.add(related(r));
        return new Finding(text(f.rule()), f.severity(), text(f.message()), text(f.file()), f.index(), f.line(),
                text(f.pointer()), json(f.value()), related, f.interaction(), text(f.conversation()), f.direction(), repeats);
    }

    private static Related related(Related r) {
        return new Related(text(r.file()), r.index(), r.line(), text(r.pointer()), json(r.value()), r.interaction());
    }

    private static Timeline timeline(Timeline t) {
        List<Timeline.Turn> turns = new ArrayList<>(t.exchanges().size());
        for (Timeline.Turn turn : t.exchanges()) {
            turns.add(new Timeline.Turn(turn.index(), turn.line(), text(turn.endpoint()), text(turn.model()), turn.streamed(),
                    turn.status(), items(turn.request()), turn.resent(), items(turn.response())));
        }
        return new Timeline(text(t.file()), turns, t.truncated());
    }

    private static Timeline.Phase phase(Timeline.Phase p) {
        return p.other() == null ? p : new Timeline.Phase(p.kind(), text(p.other()));
    }

    private static List<Timeline.Item> items(List<Timeline.Item> items) {
        List<Timeline.Item> out = new ArrayList<>(items.size());
        for (Timeline.Item it : items) {
            List<Finding> findings = new ArrayList<>(it.findings().size());
            for (Finding f : it.findings()) findings.add(finding(f));
            out.add(new Timeline.Item(text(it.pointer()), text(it.kind()), text(it.role()), phase(it.phase()), text(it.id()),
                    text(it.text()), findings));
        }
        return out;
    }

    /** A copy of the JSON value with secrets replaced (credential-named fields, and key patterns in strings). */
    public static JsonNode json(JsonNode n) {
        if (n == null) return null;
        if (n.isString()) {
            String r = text(n.asString());
            return r.equals(n.asString()) ? n : tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(r);
        }
        if (n.isObject()) {
            ObjectNode copy = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                boolean secret = SECRET_FIELDS.contains(e.getKey().toLowerCase(Locale.ROOT));
                copy.set(text(e.getKey()), secret && e.getValue().isString()
                        ? tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(MARK) : json(e.getValue()));
            }
            return copy;
        }
        if (n.isArray()) {
            var copy = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (JsonNode c : n) copy.add(json(c));
            return copy;
        }
        return n;
    }
}
