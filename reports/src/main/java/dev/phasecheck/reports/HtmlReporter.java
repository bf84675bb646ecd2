package dev.phasecheck.reports;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.RuleInfo;
import dev.phasecheck.rules.api.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML compliance report (no network: inline CSS, script and SVG). A verdict and
 * counts by severity and rule with a chart; every finding with its location and, for replay
 * findings, the original output item beside what the request sent, the difference marked; each
 * transcript as a timeline of turns with phase badges and the findings on the items they concern;
 * each rule's documentation; filters by severity and rule. Rendered with a Mustache template that
 * escapes every value, so transcript text stays inert; its Content-Security-Policy lets only the
 * report's own script and style sheet run and apply, by their hashes. The timeline needs a lint run with
 * {@code Linter.withTimeline()}; without one, the report shows the findings alone.
 */
public final class HtmlReporter extends RedactedReporter {
    /** Transcripts with more turns than this start collapsed, and their turns are grouped in pages. */
    static final int PAGE = 250;

    private final Template template = Mustache.compiler().escapeHTML(true).defaultValue("")
            .compile(resource("report.mustache"));
    /** The report's only script and only style sheet, exactly as they are inlined. */
    private final String script = inline(resource("report.js"), "script");
    private final String style = inline(resource("report.css"), "style");
    /**
     * Allows nothing but that script and that style sheet, each by the SHA-256 of its text, so
     * anything injected into the page (were the escaping ever to fail) would not run or apply.
     */
    private final String csp = "default-src 'none'; script-src 'sha256-" + sha256(script) + "'; style-src 'sha256-" + sha256(style)
            + "'; base-uri 'none'; form-action 'none'";

    @Override
    public String format() {
        return "html";
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReporter.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing template " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Text to inline in an element: a browser hashes it after turning CR LF and CR into LF, so the
     * text is normalised the same way first (a checkout with CR LF line ends keeps its hash right),
     * and it must not end its element early.
     */
    static String inline(String text, String element) {
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        if (t.toLowerCase(Locale.ROOT).contains("</" + element)) {
            throw new IllegalStateException("the report's " + element + " would end its element early");
        }
        return t;
    }

    /** The base64 SHA-256 of the UTF-8 text, as a CSP hash source wants it. */
    static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void render(LintResult result, ReportContext context, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        template.execute(model(result, context), w);
        w.flush();
    }

    Map<String, Object> model(LintResult result, ReportContext context) {
        boolean failed = context.fails(result);
        List<Baseline.Entry> accepted = context.baselined(result);
        List<Baseline.Entry> stale = context.stale(result);
        Map<String, Object> m = new HashMap<>();
        m.put("csp", csp);
        m.put("script", script);
        m.put("style", style);
        m.put("version", context.toolVersion());
        m.put("failed", failed);
        m.put("verdict", failed ? "FAIL" : "PASS");
        m.put("failOn", context.failOn().id());
        m.put("summary", ReportSupport.summary(result));
        m.put("errors", result.count(Severity.ERROR));
        m.put("warnings", result.count(Severity.WARNING));
        m.put("infos", result.count(Severity.INFO));
        m.put("hasBaseline", context.baseline() != null);
        m.put("baselineFile", context.baseline() == null ? "" : String.valueOf(context.baseline().source()));
        m.put("baselined", context.baselinedCount(result));
        m.put("staleCount", stale.size());
        m.put("stale", stale.stream().map(e -> Map.of("rule", String.valueOf(e.rule()), "file", String.valueOf(e.file()),
                "message", String.valueOf(e.message()), "fingerprint", e.fingerprint())).toList());
        chart(result, m);
        Findings findings = findings(result, context.timelines(), accepted);
        m.put("findings", findings.all);
        List<Map<String, Object>> transcripts = new ArrayList<>();
        for (Timeline t : context.timelines()) transcripts.add(transcript(t, findings));
        m.put("transcripts", transcripts);
        m.put("hasTimelines", !transcripts.isEmpty());
        m.put("docs", docs(context.rules()));
        m.put("allRules", context.rules().stream().map(RuleInfo::id).toList());
        return m;
    }

    /** Counts by rule, with a bar chart. */
    private static void chart(LintResult result, Map<String, Object> m) {
        Map<String, int[]> byRule = new TreeMap<>();
        for (Finding f : result.findings()) byRule.computeIfAbsent(f.rule(), k -> new int[3])[f.severity().ordinal()]++;
        int max = byRule.values().stream().mapToInt(c -> c[0] + c[1] + c[2]).max().orElse(1);
        List<Map<String, Object>> rules = new ArrayList<>();
        int y = 0;
        for (Map.Entry<String, int[]> e : byRule.entrySet()) {
            int[] c = e.getValue();
            Map<String, Object> r = new HashMap<>();
            r.put("rule", e.getKey());
            r.put("error", c[0]);
            r.put("warning", c[1]);
            r.put("info", c[2]);
            r.put("total", c[0] + c[1] + c[2]);
            double scale = 360.0 / max;
            r.put("y", y);
            r.put("textY", y + 14);
            r.put("wError", Math.round(c[0] * scale));
            r.put("xWarning", 230 + Math.round(c[0] * scale));
            r.put("wWarning", Math.round(c[1] * scale));
            r.put("xInfo", 230 + Math.round((c[0] + c[1]) * scale));
            r.put("wInfo", Math.round(c[2] * scale));
            r.put("xTotal", 236 + Math.round((c[0] + c[1] + c[2]) * scale));
            rules.add(r);
            y += 22;
        }
        m.put("byRule", rules);
        m.put("hasFindings", !result.findings().isEmpty());
        m.put("chartHeight", Math.max(22, y));
    }

    /**
     * The findings as the page shows them, in report order, and by exchange (file and index) for
     * the timeline. A timeline item names its own findings (see {@link Timeline.Item#findings});
     * they are found here by {@link #identity}.
     */
    private record Findings(List<Map<String, Object>> all, Map<String, List<Shown>> byExchange) {
        List<Shown> of(String file, int index) {
            return byExchange.getOrDefault(file + "#" + index, List.of());
        }
    }

    /** A finding and its view. */
    private record Shown(Finding finding, Map<String, Object> view) {}

    /**
     * What makes a timeline item's finding the same as one of the result (the result's copy may
     * have gained later occurrences or interaction positions since the timeline saw it).
     */
    private static List<Object> identity(Finding f) {
        return java.util.Arrays.asList(f.rule(), f.file(), f.index(), f.pointer(), f.message());
    }

    /** Every finding, with both sides for replay findings. */
    private static Findings findings(LintResult result, List<Timeline> timelines, List<Baseline.Entry> accepted) {
        Map<String, Timeline.Item> items = new HashMap<>();
        for (Timeline t : timelines) {
            for (Timeline.Turn turn : t.exchanges()) {
                for (Timeline.Item it : turn.request()) items.put(key(t.file(), turn.index(), it.pointer()), it);
                for (Timeline.Item it : turn.response()) items.put(key(t.file(), turn.index(), it.pointer()), it);
            }
        }
        Map<String, List<Shown>> byExchange = new HashMap<>();
        List<Map<String, Object>> all = new ArrayList<>();
        int n = 0;
        for (Finding f : result.findings()) {
            Baseline.Entry accept = accepted.get(n);
            Map<String, Object> v = finding(f, "f" + n++, items);
            v.put("baselined", accept != null);
            v.put("reason", accept == null ? "" : accept.reason());
            all.add(v);
            if (f.index() != null && f.pointer() != null) {
                byExchange.computeIfAbsent(f.file() + "#" + f.index(), k -> new ArrayList<>()).add(new Shown(f, v));
            }
        }
        return new Findings(all, byExchange);
    }

    /** Each rule's documentation. */
    private static List<Map<String, Object>> docs(List<RuleInfo> rules) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (RuleInfo r : rules) {
            Map<String, Object> d = new HashMap<>();
            d.put("id", r.id());
            d.put("severity", r.defaultSeverity().id());
            d.put("summary", r.summary());
            d.put("doc", r.doc() == null ? r.summary() : r.doc());
            docs.add(d);
        }
        return docs;
    }

    private static String key(String file, Integer index, String pointer) {
        return file + "#" + index + "#" + pointer;
    }

    private static Map<String, Object> finding(Finding f, String id, Map<String, Timeline.Item> items) {
        Map<String, Object> v = new HashMap<>();
        v.put("id", id);
        v.put("rule", f.rule());
        v.put("severity", f.severity().id());
        v.put("message", f.message());
        v.put("file", f.file());
        v.put("where", (f.line() != null ? "line " + f.line() + ", " : "") + ReportSupport.location(f));
        String repeated = ReportSupport.repeated(f);
        v.put("hasRepeats", repeated != null);
        v.put("repeated", repeated == null ? "" : repeated + ": " + ReportSupport.repeats(f));
        v.put("pointer", f.pointer() == null ? "" : f.pointer());
        if (!f.related().isEmpty()) {
            List<Map<String, Object>> sides = new ArrayList<>();
            Timeline.Item sent = f.pointer() == null ? null : lookup(items, f.file(), f.index(), f.pointer());
            for (Related r : f.related()) {
                Map<String, Object> s = new HashMap<>();
                Timeline.Item original = lookup(items, r.file(), r.index(), r.pointer());
                s.put("where", r.file() + (r.line() != null ? ":" + r.line() : "") + ", " + ReportSupport.location(r));
                String originalPhase = r.value() == null ? "(none)" : r.value().toString();
                String sentPhase = f.value() == null ? "(absent)" : f.value().toString();
                s.put("originalPhase", originalPhase);
                s.put("sentPhase", sentPhase);
                s.put("phaseDiffers", !originalPhase.equals(sentPhase));
                String ot = original == null ? "" : original.text();
                String st = sent == null ? "" : sent.text();
                s.put("hasTexts", original != null || sent != null);
                Diff d = Diff.of(ot, st);
                s.put("oPre", d.prefix);
                s.put("oMid", d.aMiddle);
                s.put("sMid", d.bMiddle);
                s.put("post", d.suffix);
                sides.add(s);
            }
            v.put("sides", sides);
        }
        return v;
    }

    /** The item at a pointer, or the item that contains it. */
    private static Timeline.Item lookup(Map<String, Timeline.Item> items, String file, Integer index, String pointer) {
        String p = pointer;
        while (p != null && !p.isEmpty()) {
            Timeline.Item it = items.get(key(file, index, p));
            if (it != null) return it;
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? null : p.substring(0, slash);
        }
        return null;
    }

    private static Map<String, Object> transcript(Timeline t, Findings findings) {
        Map<String, Object> v = new HashMap<>();
        v.put("file", t.file());
        v.put("turns", t.exchanges().size());
        v.put("truncated", t.truncated());
        boolean anyFinding = false;
        List<Map<String, Object>> pages = new ArrayList<>();
        List<Map<String, Object>> turns = new ArrayList<>();
        for (Timeline.Turn turn : t.exchanges()) {
            List<Shown> fs = findings.of(t.file(), turn.index());
            anyFinding |= !fs.isEmpty();
            turns.add(turn(turn, fs));
            if (turns.size() == PAGE) {
                pages.add(page(turns));
                turns = new ArrayList<>();
            }
        }
        if (!turns.isEmpty()) pages.add(page(turns));
        v.put("pages", pages);
        v.put("paged", pages.size() > 1);
        v.put("open", anyFinding && t.exchanges().size() <= PAGE);
        v.put("hasFindings", anyFinding);
        return v;
    }

    /** One turn, each finding of its exchange on the item it concerns, or loose when it concerns none shown. */
    private static Map<String, Object> turn(Timeline.Turn turn, List<Shown> fs) {
        Map<String, Object> tv = new HashMap<>();
        tv.put("index", turn.index());
        tv.put("line", turn.line());
        tv.put("endpoint", turn.endpoint());
        tv.put("model", turn.model());
        tv.put("streamed", turn.streamed());
        tv.put("status", turn.status());
        tv.put("resent", turn.resent());
        tv.put("hasResent", turn.resent() > 0);
        java.util.Set<List<Object>> placed = new java.util.HashSet<>();
        tv.put("request", items(turn.request(), fs, placed));
        tv.put("response", items(turn.response(), fs, placed));
        tv.put("hasFindings", !fs.isEmpty());
        List<Map<String, Object>> loose = new ArrayList<>();
        for (Shown f : fs) {
            if (!placed.contains(identity(f.finding()))) loose.add(f.view());
        }
        tv.put("loose", loose);
        return tv;
    }

    private static Map<String, Object> page(List<Map<String, Object>> turns) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("from", turns.get(0).get("index"));
        p.put("to", turns.get(turns.size() - 1).get("index"));
        p.put("items", turns);
        return p;
    }

    /** The items' views; adds the identity of every finding placed on one of them to {@code placed}. */
    private static List<Map<String, Object>> items(List<Timeline.Item> list, List<Shown> fs, java.util.Set<List<Object>> placed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Timeline.Item it : list) {
            Map<String, Object> v = new HashMap<>();
            v.put("pointer", it.pointer());
            v.put("kind", it.kind());
            v.put("role", it.role());
            Timeline.Phase phase = it.phase();
            String badge = switch (phase.kind()) {
                case ABSENT -> "no phase";
                case COMMENTARY -> "commentary";
                case FINAL_ANSWER -> "final answer";
                case NULL -> "phase: null";
                case OTHER -> "phase: " + phase.other();
            };
            String cls = switch (phase.kind()) {
                case ABSENT, NULL -> "none";
                case COMMENTARY -> "commentary";
                case FINAL_ANSWER -> "final";
                case OTHER -> "bad";
            };
            boolean message = "message".equals(it.kind());
            v.put("showPhase", message || phase.kind() != Timeline.Phase.Kind.ABSENT);
            v.put("badge", badge);
            v.put("badgeClass", cls);
            v.put("id", it.id());
            v.put("text", it.text());
            java.util.Set<List<Object>> own = new java.util.HashSet<>();
            for (Finding f : it.findings()) own.add(identity(f));
            placed.addAll(own);
            List<Map<String, Object>> mine = new ArrayList<>();
            for (Shown f : fs) {
                if (own.contains(identity(f.finding()))) mine.add(f.view());
            }
            v.put("findings", mine);
            v.put("flagged", !mine.isEmpty());
            out.add(v);
        }
        return out;
    }

    /** The common prefix and suffix of two texts, and their differing middles. */
    record Diff(String prefix, String aMiddle, String bMiddle, String suffix) {
        static Diff of(String a, String b) {
            int p = 0;
            while (p < a.length() && p < b.length() && a.charAt(p) == b.charAt(p)) p++;
            int s = 0;
            while (s < a.length() - p && s < b.length() - p && a.charAt(a.length() - 1 - s) == b.charAt(b.length() - 1 - s)) s++;
            return new Diff(a.substring(0, p), a.substring(p, a.length() - s), b.substring(p, b.length() - s),
                    a.substring(a.length() - s));
        }
    }
}
