package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.RuleInfo;
import dev.phasecheck.rules.api.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SARIF 2.1.0 for code-scanning dashboards: every rule in {@code tool.driver.rules} with its help
 * text, every finding a result located by file (and line, for JSONL) with its JSON Pointer as a
 * logical location, related locations for the other side of replay findings, and
 * {@code partialFingerprints} that stay the same from run to run for the same finding.
 */
public final class SarifReporter extends RedactedReporter {
    private final ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    @Override
    public String format() {
        return "sarif";
    }

    @Override
    protected void render(LintResult result, ReportContext context, OutputStream out) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "phasecheck");
        driver.put("version", context.toolVersion());
        driver.put("semanticVersion", context.toolVersion().replaceAll("[^0-9A-Za-z.\\-+]", ""));
        driver.put("informationUri", "https://phasecheck.dev");
        ArrayNode rules = driver.putArray("rules");
        List<RuleInfo> infos = context.rules();
        for (RuleInfo r : infos) {
            ObjectNode rule = rules.addObject();
            rule.put("id", r.id());
            rule.put("name", camel(r.id()));
            rule.putObject("shortDescription").put("text", r.summary());
            String doc = r.doc() == null ? r.summary() : r.doc();
            rule.putObject("fullDescription").put("text", r.summary());
            ObjectNode help = rule.putObject("help");
            help.put("text", doc);
            help.put("markdown", doc);
            rule.putObject("defaultConfiguration").put("level", level(r.defaultSeverity()));
            ObjectNode props = rule.putObject("properties");
            props.putArray("tags").add("phase").add(r.phaseModelAware() ? "phase-model-aware" : "all-models");
        }
        ArrayNode results = run.putArray("results");
        List<Baseline.Entry> accepted = context.baselined(result);
        int n = 0;
        for (Finding f : result.findings()) {
            Baseline.Entry accept = accepted.get(n++);
            ObjectNode res = results.addObject();
            res.put("ruleId", f.rule());
            int ruleIndex = indexOf(infos, f.rule());
            if (ruleIndex >= 0) res.put("ruleIndex", ruleIndex);
            res.put("level", level(f.severity()));
            res.putObject("message").put("text", f.message());
            ObjectNode loc = res.putArray("locations").addObject();
            location(loc, f.file(), f.line());
            if (f.pointer() != null) {
                ObjectNode logical = loc.putArray("logicalLocations").addObject();
                String at = ReportSupport.exchange(f.index(), f.interaction());
                String name = (at.isEmpty() ? "" : at + " ") + (f.pointer().isEmpty() ? "(whole)" : f.pointer());
                logical.put("name", name);
                logical.put("fullyQualifiedName", f.file() + "#" + (f.index() == null ? "" : f.index()) + f.pointer());
                logical.put("kind", "element");
            }
            if (!f.related().isEmpty() || !f.repeats().isEmpty()) {
                ArrayNode rel = res.putArray("relatedLocations");
                int id = 1;
                for (Related r : f.related()) {
                    related(rel.addObject(), id++, r, "the earlier output item: " + ReportSupport.location(r)
                            + (r.value() != null ? ", phase " + r.value() : ""));
                }
                for (Related r : f.repeats()) {
                    related(rel.addObject(), id++, r, "a later request repeats the fault: " + ReportSupport.location(r));
                }
            }
            if (f.conversation() != null || f.direction() != null || f.interaction() != null) {
                ObjectNode props = res.putObject("properties");
                if (f.conversation() != null) props.put("conversation", f.conversation());
                if (f.direction() != null) props.put("direction", f.direction());
                if (f.interaction() != null) props.put("interaction", f.interaction());
            }
            res.putObject("partialFingerprints").put(Fingerprints.SARIF_KEY, Fingerprints.of(f));
            if (accept != null) {
                // SARIF 2.1.0 §3.35: suppressed outside the analysed files, in the baseline
                ObjectNode sup = res.putArray("suppressions").addObject();
                sup.put("kind", "external");
                sup.put("status", "accepted");
                sup.put("justification", accept.reason());
            }
        }
        if (context.baseline() != null) {
            ObjectNode props = run.putObject("properties");
            props.put("baseline", context.baseline().source());
            ArrayNode stale = props.putArray("staleBaselineEntries");
            for (Baseline.Entry e : context.stale(result)) {
                stale.addObject().put("fingerprint", e.fingerprint()).put("rule", e.rule()).put("file", e.file())
                        .put("message", e.message());
            }
        }
        json.writeValue(out, root);
        out.write('\n');
    }

    private static void related(ObjectNode rl, int id, Related r, String message) {
        rl.put("id", id);
        location(rl, r.file(), r.line());
        rl.putObject("message").put("text", message);
        ObjectNode logical = rl.putArray("logicalLocations").addObject();
        logical.put("fullyQualifiedName", r.file() + "#" + r.index() + r.pointer());
        logical.put("kind", "element");
    }

    private static void location(ObjectNode loc, String file, Integer line) {
        ObjectNode physical = loc.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(file));
        if (line != null) physical.putObject("region").put("startLine", line);
    }

    /**
     * A file name as a SARIF URI reference (RFC 3986): {@code /} separates segments; every other
     * byte of the name's UTF-8 form that is not unreserved ({@code A-Z a-z 0-9 - . _ ~}) is
     * percent-encoded, so {@code #}, {@code ?}, {@code %}, {@code :} (which would start a scheme),
     * {@code \} (a character of the name, not a separator), spaces, controls and non-ASCII all
     * decode back to the name. A name starting with {@code //} (which would read as an authority)
     * becomes a {@code file:} URI with an empty authority. Standard input is {@code stdin}.
     */
    static String uri(String file) {
        if (file.equals("-")) return "stdin";
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                    || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.length() > 1 && sb.charAt(0) == '/' && sb.charAt(1) == '/' ? "file://" + sb : sb.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The finding's fingerprint (see {@link Fingerprints}). */
    static String fingerprint(Finding f) {
        return Fingerprints.of(f);
    }

    private static int indexOf(List<RuleInfo> infos, String id) {
        for (int i = 0; i < infos.size(); i++) {
            if (infos.get(i).id().equals(id)) return i;
        }
        return -1;
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    private static String camel(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("-")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }
}
