package dev.phasecheck.rules.replay;

import dev.phasecheck.rules.read.Exchange;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** What one Responses request replays, merges, references and continues. */
public final class RequestAnalysis {
    private final Exchange exchange;
    private final List<Match> matches;
    private final List<Merge> merges;
    private final Set<OutputMessage> covered;
    private final ResponseRecord newestContinued;
    private final boolean serverState;
    private final KeptItems kept;
    private final HistoryKeys historyKeys;
    private final List<Reference> references;

    /**
     * A part of the request that relies on the server's copy of an earlier response of the
     * transcript: its {@code previous_response_id}, or an {@code item_reference} to one of its items.
     *
     * @param pointer where in the exchange ({@code /request/previous_response_id}, {@code /request/input/3})
     * @param what    what it names (the response or item id)
     * @param record  the earlier response
     */
    public record Reference(String pointer, String what, ResponseRecord record) {}

    RequestAnalysis(Exchange exchange, List<Match> matches, List<Merge> merges, Set<OutputMessage> covered,
                    ResponseRecord newestContinued, boolean serverState, KeptItems kept, HistoryKeys historyKeys,
                    List<Reference> references) {
        this.historyKeys = historyKeys;
        this.references = List.copyOf(references);
        this.exchange = exchange;
        this.matches = List.copyOf(matches);
        this.merges = List.copyOf(merges);
        Set<OutputMessage> c = Collections.newSetFromMap(new IdentityHashMap<>());
        c.addAll(covered);
        this.covered = Collections.unmodifiableSet(c);
        this.newestContinued = newestContinued;
        this.serverState = serverState;
        this.kept = kept;
    }

    /** What the request relies on the server to have kept. */
    public List<Reference> references() {
        return references;
    }

    public Exchange exchange() {
        return exchange;
    }

    /** Assistant messages that replay an earlier output message, in input order. */
    public List<Match> matches() {
        return matches;
    }

    public List<Merge> merges() {
        return merges;
    }

    /** True when the output message is replayed, merged or referenced by this request. */
    public boolean covers(OutputMessage m) {
        return covered.contains(m);
    }

    /** The newest earlier response this request continues, or null. */
    public ResponseRecord newestContinued() {
        return newestContinued;
    }

    /**
     * True when the request carries {@code previous_response_id} or {@code conversation}: the server
     * keeps its own copy of the history, phases included, so nothing is dropped or omitted.
     */
    public boolean serverState() {
        return serverState;
    }

    /**
     * How many leading items of this request's input resend what the newest continued response
     * was given and said (its input and output): the history, as a report may fold it away.
     */
    public int resentCount() {
        if (newestContinued == null) return 0;
        int n = newestContinued.inputSize + newestContinued.outputSize;
        return Math.min(n, historyKeys.size());
    }

    HistoryKeys historyKeys() {
        return historyKeys;
    }

    /** Which items of an earlier history this request keeps. */
    public KeptItems kept() {
        return kept;
    }

    /** The model for phase-model awareness: the request's, else the continued response's. */
    public String model() {
        String m = exchange.model();
        if (m == null && newestContinued != null) m = newestContinued.model();
        return m;
    }
}
