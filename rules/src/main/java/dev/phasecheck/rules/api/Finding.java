package dev.phasecheck.rules.api;

import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One violation, with its evidence.
 *
 * @param rule     the rule id
 * @param severity the effective severity (after configuration and phase-model awareness)
 * @param message  one line a person can act on; names the offending value
 * @param file     the transcript file as named on the command line (or {@code -} for stdin)
 * @param index    the 0-based exchange index in that file, or null for a file-level finding
 * @param line     the 1-based JSONL line, or null
 * @param pointer  an RFC 6901 pointer into the exchange object, or null for a file-level finding
 * @param value    the offending value as sent (null when absent or not applicable)
 * @param related  for replay rules, the earlier output item(s) on the other side
 * @param interaction for a recording (cassette, httprr trace), the 0-based position of the
 *                 interaction in the file (counting every interaction, exchange or not); else null
 * @param conversation for traffic phasecheck served or relayed (simulator, proxy, probe), the
 *                 conversation the exchange belongs to (e.g. {@code c3}); else null
 * @param direction for relay rules, {@code to-client} or {@code to-upstream}; else null
 * @param repeats  later occurrences of the same fault (one finding per fault, not per request):
 *                 where each later request repeats it; empty when it occurs once
 */
public record Finding(String rule, Severity severity, String message, String file, Integer index,
                      Integer line, String pointer, JsonNode value, List<Related> related, Integer interaction,
                      String conversation, String direction, List<Related> repeats) {

    public Finding {
        related = related == null ? List.of() : List.copyOf(related);
        repeats = repeats == null ? List.of() : List.copyOf(repeats);
    }

    /** A finding on a transcript that is not a recording (no interaction position). */
    public Finding(String rule, Severity severity, String message, String file, Integer index,
                   Integer line, String pointer, JsonNode value, List<Related> related) {
        this(rule, severity, message, file, index, line, pointer, value, related, null, null, null, List.of());
    }

    /** This finding with the interaction positions of a recording filled in. */
    public Finding withInteractions(Integer interaction, List<Related> related) {
        return new Finding(rule, severity, message, file, index, line, pointer, value, related, interaction,
                conversation, direction, repeats);
    }

    /** This finding, named as part of a conversation. */
    public Finding withConversation(String conversation) {
        return new Finding(rule, severity, message, file, index, line, pointer, value, related, interaction,
                conversation, direction, repeats);
    }

    /** This finding of a relay rule, with the direction the proxy lost or changed something in. */
    public Finding withDirection(String direction) {
        return new Finding(rule, severity, message, file, index, line, pointer, value, related, interaction,
                conversation, direction, repeats);
    }

    /** This finding with the later occurrences of its fault. */
    public Finding withRepeats(List<Related> repeats) {
        return new Finding(rule, severity, message, file, index, line, pointer, value, related, interaction,
                conversation, direction, repeats);
    }

    /** The report order: file, then index, then pointer (file-level findings first), then rule. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing(Finding::file, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Finding::index, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Finding::pointer, Comparator.nullsFirst(Finding::comparePointers))
            .thenComparing(Finding::rule);

    /** Compares pointers segment by segment, numeric segments numerically ({@code /2} before {@code /10}). */
    static int comparePointers(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareSegments(x[i], y[i]);
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareSegments(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        if (na != nb) return na ? -1 : 1;
        return a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return false;
        }
        return true;
    }
}
