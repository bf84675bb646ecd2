package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.Related;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one fingerprint of a finding (SARIF {@code partialFingerprints["phasecheck/v1"]}, the JSON
 * report's {@code fingerprint}, the key of a baseline entry): the same finding keeps it from run to
 * run, also when exchanges are added to or removed from the file before it.
 *
 * <p>It hashes what says <em>what</em> is wrong and <em>where in the exchange</em>, never the
 * exchange's position: the rule, the file (as named on the command line), the conversation and
 * direction (when set), the pointer into the exchange, the offending value, and for each other side
 * its pointer and value. Not the exchange index, the line, the interaction position or the
 * message wording. It is computed on the redacted finding, so it is the same whether a reporter
 * sees the raw or the redacted result, and it never depends on a secret.
 *
 * <p>Two findings can share a fingerprint (the same fault at the same place in two exchanges);
 * a baseline therefore holds one entry per finding and matches them by count.
 */
public final class Fingerprints {
    private Fingerprints() {}

    /** The fingerprint key in SARIF's {@code partialFingerprints}. */
    public static final String SARIF_KEY = "phasecheck/v1";

    /** 32 lowercase hex digits. */
    public static String of(Finding f) {
        StringBuilder key = new StringBuilder(128);
        part(key, f.rule());
        part(key, file(f.file()));
        part(key, f.conversation());
        part(key, f.direction());
        part(key, f.pointer());
        part(key, f.value() == null ? null : Redactor.json(f.value()).toString());
        for (Related r : f.related()) {
            part(key, r.pointer());
            part(key, r.value() == null ? null : Redactor.json(r.value()).toString());
        }
        return hash(key.toString());
    }

    /**
     * The file name as it counts for the fingerprint: separators as {@code /}, without {@code ./}
     * segments or doubled slashes, so {@code ./traffic//a.jsonl} and {@code traffic/a.jsonl} are one
     * file. (A name given relative and absolute still differs: lint from the same directory.)
     */
    static String file(String name) {
        if (name == null) return null;
        String n = name.replace('\\', '/');
        while (n.contains("//")) n = n.replace("//", "/");
        while (n.contains("/./")) n = n.replace("/./", "/");
        while (n.startsWith("./") && n.length() > 2) n = n.substring(2);
        return n;
    }

    /** A hex digest of the text (the first 16 bytes of its SHA-256). */
    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void part(StringBuilder key, String s) {
        // a null and an empty string differ; the separator cannot occur in the redacted text of a part's length prefix
        if (s == null) {
            key.append("-\u0000");
        } else {
            String r = Redactor.text(s);
            key.append(r.length()).append(':').append(r).append('\u0000');
        }
    }
}
