package dev.phasecheck.rules.read;

/**
 * A sink that can have part of a reader's work done on other threads: the reader hands over a
 * piece of work (parsing a run of lines) that reports to the sink it is given, and everything that
 * work reports reaches this sink in order with what the reader reports itself, as if it had been
 * done then and there. {@link JsonlReader} uses it; other readers ignore it.
 */
public interface ParallelSink extends TranscriptSink {

    /** A piece of a reader's work. */
    interface Work {
        void run(TranscriptSink sink);
    }

    /**
     * Runs {@code work}, now or on another thread, in order with everything else reported to this sink.
     *
     * @param bytes how many bytes of input the work holds (for bounding memory)
     */
    void defer(long bytes, Work work);
}
