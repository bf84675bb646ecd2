package dev.phasecheck.rules.read;

/** Receives what a reader reads, in transcript order. */
public interface TranscriptSink {

    /** A readable exchange. */
    void exchange(Exchange exchange);

    /**
     * A problem with the input. When {@code takesPosition} is true the problem stands for a whole
     * exchange position that could not be read (it still counts, so later indexes do not shift).
     *
     * @param index   the exchange index, or null for a file-level problem
     * @param line    the JSONL line, or null
     * @param pointer a pointer into the exchange (or the file), or null
     */
    void unreadable(Integer index, Integer line, String pointer, String message, boolean takesPosition);

    /**
     * phasecheck itself failed on this input (a bug, not a problem of the input). The exchange
     * position, when known, counts as read but could not be checked.
     *
     * @param index the exchange index, or null when the failure is not tied to one exchange
     * @param where what phasecheck was doing, e.g. "reading exchange 3"
     */
    void internalError(Integer index, Integer line, String where, Throwable failure);

    /**
     * A problem with one interaction of a recording (a cassette or an httprr trace): as above, with
     * the interaction's 0-based position in the file. A sink that does not locate interactions
     * may leave this as it is.
     */
    default void unreadable(Integer index, Integer line, Integer interaction, String pointer, String message,
                            boolean takesPosition) {
        unreadable(index, line, pointer, message, takesPosition);
    }
}
