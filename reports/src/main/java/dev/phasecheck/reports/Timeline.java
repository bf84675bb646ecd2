package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A transcript as a report shows it: turn by turn, each exchange's new request items and its
 * response items, with their phases. Collected only when asked (a {@link TimelineRecorder}),
 * and bounded: items that a request merely resends from earlier turns are counted, not kept.
 *
 * @param file      the transcript
 * @param exchanges its exchanges, oldest first (at most {@link #MAX_EXCHANGES})
 * @param truncated true when the transcript had more exchanges than were kept
 */
public record Timeline(String file, List<Turn> exchanges, boolean truncated) {
    public static final int MAX_EXCHANGES = 20_000;
    public static final int MAX_TEXT = 400;

    public Timeline {
        exchanges = List.copyOf(exchanges);
    }

    /**
     * One exchange.
     *
     * @param index       its exchange index
     * @param line        its JSONL line, or null
     * @param endpoint    {@code responses}, {@code chat/completions} or {@code other}
     * @param model       the model, or null
     * @param streamed    whether the response was an SSE stream
     * @param status      the HTTP status, or null
     * @param request     the request items shown (new this turn, or with a finding)
     * @param resent      how many request items were left out as resent history
     * @param response    the response's output items
     */
    public record Turn(int index, Integer line, String endpoint, String model, boolean streamed, Integer status,
                       List<Item> request, int resent, List<Item> response) {
        public Turn {
            request = List.copyOf(request);
            response = List.copyOf(response);
        }
    }

    /**
     * One item.
     *
     * @param pointer  where it is in the exchange
     * @param kind     its type ({@code message}, {@code function_call}, …)
     * @param role     a message's role, or null
     * @param phase    its phase
     * @param id       its id or call_id, or null
     * @param text     a preview of its text (at most {@link #MAX_TEXT} chars)
     * @param findings the exchange's findings whose pointer is this item or inside it, in report order
     */
    public record Item(String pointer, String kind, String role, Phase phase, String id, String text, List<Finding> findings) {
        public Item {
            findings = findings == null ? List.of() : List.copyOf(findings);
        }

        /** An item without findings. */
        public Item(String pointer, String kind, String role, Phase phase, String id, String text) {
            this(pointer, kind, role, phase, id, text, List.of());
        }

        /** Whether a finding's pointer is this item or inside it. */
        static boolean concerns(String itemPointer, String pointer) {
            return pointer != null && (pointer.equals(itemPointer) || pointer.startsWith(itemPointer + "/"));
        }
    }

    /**
     * An item's {@code phase}: absent, JSON null, one of the two values, or anything else (kept as
     * its JSON text, for the badge).
     *
     * @param kind  which
     * @param other the JSON text of an invalid value, else null
     */
    public record Phase(Kind kind, String other) {
        public enum Kind { ABSENT, NULL, COMMENTARY, FINAL_ANSWER, OTHER }

        public static final Phase ABSENT = new Phase(Kind.ABSENT, null);

        public static Phase of(JsonNode phase) {
            if (phase == null) return ABSENT;
            if (phase.isNull()) return new Phase(Kind.NULL, null);
            if (phase.isString() && phase.asString().equals("commentary")) return new Phase(Kind.COMMENTARY, null);
            if (phase.isString() && phase.asString().equals("final_answer")) return new Phase(Kind.FINAL_ANSWER, null);
            return new Phase(Kind.OTHER, phase.toString());
        }
    }
}
