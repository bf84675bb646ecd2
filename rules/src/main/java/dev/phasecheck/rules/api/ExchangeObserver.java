package dev.phasecheck.rules.api;

import dev.phasecheck.rules.read.Exchange;
import java.util.List;

/**
 * Watches one transcript being linted, exchange by exchange (a report that shows each turn, such
 * as the HTML timeline, builds its view here instead of inside the engine). Called on the linting
 * thread, in transcript order; one observer per transcript.
 */
public interface ExchangeObserver {

    /**
     * One exchange was checked.
     *
     * @param exchange     the exchange
     * @param resentItems  how many leading request input items resend history the request continues
     *                     (0 when none, or for other endpoints)
     * @param findings     the findings on this exchange
     */
    void exchange(Exchange exchange, int resentItems, List<Finding> findings);

    /** The transcript ended. */
    default void end() {}

    /** Makes one observer per transcript (by its display name). */
    interface Factory {
        ExchangeObserver forTranscript(String file);
    }
}
