package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.TranscriptSink;
import dev.phasecheck.rules.read.ParallelSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Runs a reader on its own thread, one step ahead of the rules: what the reader reports is
 * handed over, in order, through a buffer bounded by count and by (estimated) bytes, and replayed
 * into the real sink on the calling thread. A reader failure is rethrown on the calling thread.
 *
 * <p>With workers ({@link #run(String, Reader, TranscriptRun, Executor)}), the same buffer also
 * holds work the reader defers ({@link ParallelSink}: parsing a run of JSONL lines): each piece is
 * started on a worker when it enters the buffer, parses its lines and runs the exchange checks
 * that need no state ({@link TranscriptRun#precheck}), recording what it would report; the
 * calling thread takes the pieces in order, waits for each, and replays what it recorded, then
 * runs the stateful checks (the replay index, the observed phase models) in sequence. So the
 * results are those of the sequential path, and memory stays bounded by the buffer.
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

    /** An exchange and what a worker found of it. */
    private record Checked(Exchange exchange, TranscriptRun.Prechecked pre) {}

    /** A piece of deferred work: run on a worker, what it reports recorded in order. */
    private static final class Task implements Runnable, TranscriptSink {
        private final ParallelSink.Work work;
        private final TranscriptRun run; // or null: record exchanges unchecked
        private final List<Object> events = new ArrayList<>();
        private boolean done;
        private Throwable failure;

        Task(ParallelSink.Work work, TranscriptRun run) {
            this.work = work;
            this.run = run;
        }

        @Override
        public void run() {
            Throwable failed = null;
            try {
                work.run(this);
            } catch (Throwable e) {
                failed = e;
            }
            synchronized (this) {
                failure = failed;
                done = true;
                notifyAll();
            }
        }

        synchronized void await() throws InterruptedException {
            while (!done) wait();
        }

        @Override
        public void exchange(Exchange ex) {
            TranscriptRun.Prechecked pre = null;
            if (run != null) {
                try {
                    pre = run.precheck(ex);
                } catch (RuntimeException | StackOverflowError e) {
                    pre = null; // every check runs again in sequence, where a failure is reported
                }
            }
            events.add(new Checked(ex, pre));
        }

        @Override
        public void unreadable(Integer index, Integer line, String pointer, String message, boolean takesPosition) {
            events.add(new Unreadable(index, line, null, pointer, message, takesPosition));
        }

        @Override
        public void unreadable(Integer index, Integer line, Integer interaction, String pointer, String message,
                               boolean takesPosition) {
            events.add(new Unreadable(index, line, interaction, pointer, message, takesPosition));
        }

        @Override
        public void internalError(Integer index, Integer line, String where, Throwable failure) {
            events.add(new Failure(index, line, where, failure));
        }
    }

    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final ArrayDeque<Long> sizes = new ArrayDeque<>();
    private long bytes;
    private Throwable failure;
    private Throwable taskFailure; // of deferred work; on the calling thread only
    private boolean cancelled;

    private final Executor workers; // or null: the reader does all the reading itself
    private final TranscriptRun run; // or null

    private Pipeline(Executor workers, TranscriptRun run) {
        this.workers = workers;
        this.run = run;
    }

    /** Runs {@code reader} on a new thread and feeds what it reads to {@code sink} on this one. */
    static void run(String name, Reader reader, TranscriptSink sink) throws Exception {
        run(new Pipeline(null, null), name, reader, sink);
    }

    /**
     * As {@link #run(String, Reader, TranscriptSink)}, with the work the reader defers done on
     * {@code workers} (threads other than this one and the reader's).
     */
    static void run(String name, Reader reader, TranscriptRun sink, Executor workers) throws Exception {
        run(new Pipeline(workers, sink), name, reader, sink);
    }

    private static void run(Pipeline p, String name, Reader reader, TranscriptSink sink) throws Exception {
        Thread t = new Thread(() -> p.produce(reader), "phasecheck-reader " + name);
        t.setDaemon(true);
        t.start();
        try {
            p.consume(sink);
        } finally {
            p.cancel();
            t.join();
        }
        if (p.taskFailure instanceof Exception e) throw e;
        if (p.taskFailure instanceof Error e) throw e;
        if (p.failure instanceof Exception e) throw e;
        if (p.failure instanceof Error e) throw e;
    }

    /** What the reader reports to when there are workers: the buffer, and work deferred to the workers. */
    private final class Deferring implements ParallelSink {
        private final TranscriptSink plain;

        Deferring(TranscriptSink plain) {
            this.plain = plain;
        }

        @Override
        public void defer(long bytes, Work work) {
            Task task = new Task(work, run);
            // the trees a run of lines becomes take a few times its bytes
            if (put(task, 1024 + 4 * bytes)) workers.execute(task);
        }

        @Override
        public void exchange(Exchange ex) {
            plain.exchange(ex);
        }

        @Override
        public void unreadable(Integer index, Integer line, String pointer, String message, boolean takesPosition) {
            plain.unreadable(index, line, pointer, message, takesPosition);
        }

        @Override
        public void unreadable(Integer index, Integer line, Integer interaction, String pointer, String message,
                               boolean takesPosition) {
            plain.unreadable(index, line, interaction, pointer, message, takesPosition);
        }

        @Override
        public void internalError(Integer index, Integer line, String where, Throwable failure) {
            plain.internalError(index, line, where, failure);
        }
    }

    private void produce(Reader reader) {
        TranscriptSink plain = new TranscriptSink() {
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
        TranscriptSink handOver = workers == null ? plain : new Deferring(plain);
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

    /** Adds to the buffer, waiting for room; false when the run was cancelled (nothing was added). */
    private synchronized boolean put(Object item, long size) {
        while (!cancelled && !queue.isEmpty() && (queue.size() >= MAX_ITEMS || bytes + size > MAX_BYTES)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (cancelled && item != END) return false;
        queue.addLast(item);
        sizes.addLast(size);
        bytes += size;
        notifyAll();
        return true;
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
            if (item instanceof Task task) {
                task.await();
                for (Object e : task.events) deliver(e, sink);
                if (task.failure != null) {
                    // as if the reader had failed here: what came before stands, the rest is not read
                    taskFailure = task.failure;
                    return;
                }
            } else {
                deliver(item, sink);
            }
        }
    }

    private void deliver(Object item, TranscriptSink sink) {
        if (item instanceof Exchange ex) {
            sink.exchange(ex);
        } else if (item instanceof Checked c) {
            ((TranscriptRun) sink).exchange(c.exchange(), c.pre());
        } else if (item instanceof Unreadable u) {
            sink.unreadable(u.index(), u.line(), u.interaction(), u.pointer(), u.message(), u.takesPosition());
        } else if (item instanceof Failure f) {
            sink.internalError(f.index(), f.line(), f.where(), f.failure());
        }
    }
}
