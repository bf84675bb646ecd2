package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.TranscriptSink;
import java.util.ArrayDeque;

/**
 * Runs a reader on its own thread, one step ahead of the rules: what the reader reports is
 * handed over, in order, through a buffer bounded by count and by (estimated) bytes, and replayed
 * into the real sink on the calling thread. A reader failure is rethrown on the calling thread.
 */
final class Pipeline {
    /** Something the reader does that throws. */
    interface Reader {
        void read(TranscriptSink sink) throws Exception;
    }

    private static final int MAX_ITEMS = 64;
    private static final long MAX_BYTES = 64L << 20;
    private static final Object END = new Object();

    private record Unreadable(Integer index, Integer line, Integer interaction, String pointer, String message,
                              boolean takesPosition) {}

    private record Failure(Integer index, Integer line, String where, Throwable failure) {}

    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final ArrayDeque<Long> sizes = new ArrayDeque<>();
    private long bytes;
    private Throwable failure;
    private boolean cancelled;

    /** Runs {@code reader} on a new thread and feeds what it reads to {@code sink} on this one. */
    static void run(String name, Reader reader, TranscriptSink sink) throws Exception {
        Pipeline p = new Pipeline();
        Thread t = new Thread(() -> p.produce(reader), "phasecheck-reader " + name);
        t.setDaemon(true);
        t.start();
        try {
            p.consume(sink);
        } finally {
            p.cancel();
            t.join();
        }
        if (p.failure instanceof Exception e) throw e;
        if (p.failure instanceof Error e) throw e;
    }

    private void produce(Reader reader) {
        TranscriptSink handOver = new TranscriptSink() {
            @Override
            public void exchange(Exchange ex) {
                put(ex, estimate(ex));
            }

            @Override
            public void unreadable(Integer index, Integer line, String pointer, String message, boolean takesPosition) {
                put(new Unreadable(index, line, null, pointer, message, takesPosition), 256);
            }

            @Override
            public void unreadable(Integer index, Integer line, Integer interaction, String pointer, String message,
                                   boolean takesPosition) {
                put(new Unreadable(index, line, interaction, pointer, message, takesPosition), 256);
            }

            @Override
            public void internalError(Integer index, Integer line, String where, Throwable failure) {
                put(new Failure(index, line, where, failure), 256);
            }
        };
        try {
            reader.read(handOver);
        } catch (Throwable e) {
            synchronized (this) {
                failure = e;
            }
        } finally {
            put(END, 0);
        }
    }

    /** A rough size of an exchange's trees: the line length when known is not, so count nodes cheaply. */
    private static long estimate(Exchange ex) {
        long n = 1024;
        if (ex.request() != null) n += 64L * Math.max(1, ex.request().path("input").size());
        if (ex.stream() != null) n += 256L * ex.stream().events().size();
        return n;
    }

    private synchronized void put(Object item, long size) {
        while (!cancelled && !queue.isEmpty() && (queue.size() >= MAX_ITEMS || bytes + size > MAX_BYTES)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (cancelled && item != END) return;
        queue.addLast(item);
        sizes.addLast(size);
        bytes += size;
        notifyAll();
    }

    private synchronized Object take() throws InterruptedException {
        while (queue.isEmpty()) wait();
        Object item = queue.removeFirst();
        bytes -= sizes.removeFirst();
        notifyAll();
        return item;
    }

    private synchronized void cancel() {
        cancelled = true;
        queue.clear();
        sizes.clear();
        bytes = 0;
        notifyAll();
    }

    private void consume(TranscriptSink sink) throws InterruptedException {
        for (Object item = take(); item != END; item = take()) {
            if (item instanceof Exchange ex) {
                sink.exchange(ex);
            } else if (item instanceof Unreadable u) {
                sink.unreadable(u.index(), u.line(), u.interaction(), u.pointer(), u.message(), u.takesPosition());
            } else if (item instanceof Failure f) {
                sink.internalError(f.index(), f.line(), f.where(), f.failure());
            }
        }
    }
}
