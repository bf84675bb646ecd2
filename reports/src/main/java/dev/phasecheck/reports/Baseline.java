package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Findings a team has accepted for now, by {@link Fingerprints fingerprint}: one entry per finding
 * (fingerprint, rule, file, message, and a {@code reason} for a person to fill in). A finding an
 * entry matches is <em>baselined</em>: reports still show it, marked as such, and it does not fail
 * the run. An entry no finding matches any more is <em>stale</em>.
 *
 * <p>Entries match by count: {@code n} entries with a fingerprint cover the first {@code n}
 * findings (in report order) with that fingerprint, so a new occurrence of an accepted fault is
 * still new. Phasecheck's own internal errors are never baselined.
 *
 * <p>The file:
 * <pre>{"phasecheckBaseline": 1, "entries": [{"fingerprint": "…", "rule": "…", "file": "…", "message": "…", "reason": ""}]}</pre>
 *
 * @param source  how reports name the baseline (its file, as given), or null
 * @param entries the entries, in report order of the findings they were made from
 */
public record Baseline(String source, List<Entry> entries) {
    /** The format version written in the file. */
    public static final int VERSION = 1;

    public Baseline {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** One accepted finding. */
    public record Entry(String fingerprint, String rule, String file, String message, String reason) {
        public Entry {
            reason = reason == null ? "" : reason;
        }
    }

    /** A baseline file that cannot be used; the message names the file and what is wrong. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /** Reads a baseline file. */
    public static Baseline load(Path file) throws Invalid {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new Invalid(file + ": no such file");
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read: " + e.getMessage());
        } catch (JacksonException e) {
            String msg = String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\(start marker at .*$", "").replaceAll("\\s*\\R.*", "");
            var at = e.getLocation();
            throw new Invalid(file + ": not JSON" + (at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")" : "") + ": " + msg);
        }
        if (root == null || !root.isObject() || !root.path("entries").isArray()) {
            throw new Invalid(file + ": not a phasecheck baseline (expected an object with an \"entries\" array; "
                    + "write one with --write-baseline)");
        }
        int version = root.path("phasecheckBaseline").asInt(VERSION);
        if (version != VERSION) throw new Invalid(file + ": baseline version " + version + " is not supported (expected " + VERSION + ")");
        List<Entry> entries = new ArrayList<>();
        int i = 0;
        for (JsonNode e : root.path("entries")) {
            String fp = e.path("fingerprint").isString() ? e.path("fingerprint").asString() : null;
            if (fp == null || fp.isBlank()) throw new Invalid(file + ": entry " + i + " has no \"fingerprint\"");
            entries.add(new Entry(fp.strip(), text(e, "rule"), text(e, "file"), text(e, "message"), text(e, "reason")));
            i++;
        }
        return new Baseline(file.toString(), entries);
    }

    private static String text(JsonNode e, String field) {
        JsonNode n = e.path(field);
        return n.isString() ? n.asString() : n.isMissingNode() || n.isNull() ? null : n.toString();
    }

    /**
     * A baseline of every finding of the result but phasecheck's internal errors; a finding that
     * {@code previous} already baselined keeps that entry's reason.
     */
    public static Baseline of(LintResult result, Baseline previous, String source) {
        List<Entry> carried = previous == null ? null : previous.matches(result.findings());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < result.findings().size(); i++) {
            Finding f = result.findings().get(i);
            if (LintResult.INTERNAL_ERROR.equals(f.rule())) continue;
            String reason = carried != null && carried.get(i) != null ? carried.get(i).reason() : "";
            entries.add(new Entry(Fingerprints.of(f), Redactor.text(f.rule()), Redactor.text(f.file()), Redactor.text(f.message()),
                    reason));
        }
        return new Baseline(source, entries);
    }

    /** Writes the baseline file. */
    public void write(OutputStream out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("phasecheckBaseline", VERSION);
        ArrayNode arr = root.putArray("entries");
        for (Entry e : entries) {
            ObjectNode n = arr.addObject();
            n.put("fingerprint", e.fingerprint());
            n.put("rule", e.rule());
            n.put("file", e.file());
            n.put("message", e.message());
            n.put("reason", e.reason());
        }
        JSON.writeValue(out, root);
        out.write('\n');
    }

    /**
     * For each finding (same order), the entry that baselines it, or null. Internal errors are
     * never matched.
     */
    public List<Entry> matches(List<Finding> findings) {
        Map<String, List<Entry>> byFingerprint = byFingerprint();
        Map<String, Integer> used = new HashMap<>();
        List<Entry> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Entry match = null;
            if (!LintResult.INTERNAL_ERROR.equals(f.rule())) {
                String fp = Fingerprints.of(f);
                List<Entry> candidates = byFingerprint.get(fp);
                int n = used.getOrDefault(fp, 0);
                if (candidates != null && n < candidates.size()) {
                    match = candidates.get(n);
                    used.put(fp, n + 1);
                }
            }
            out.add(match);
        }
        return out;
    }

    /** The entries no finding matches. */
    public List<Entry> stale(List<Finding> findings) {
        Map<String, Integer> count = new HashMap<>();
        for (Finding f : findings) {
            if (!LintResult.INTERNAL_ERROR.equals(f.rule())) count.merge(Fingerprints.of(f), 1, Integer::sum);
        }
        List<Entry> stale = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Entry e : entries) {
            int n = seen.merge(e.fingerprint(), 1, Integer::sum);
            if (n > count.getOrDefault(e.fingerprint(), 0)) stale.add(e);
        }
        return stale;
    }

    private Map<String, List<Entry>> byFingerprint() {
        Map<String, List<Entry>> m = new LinkedHashMap<>();
        for (Entry e : entries) m.computeIfAbsent(e.fingerprint(), k -> new ArrayList<>()).add(e);
        return m;
    }
}
