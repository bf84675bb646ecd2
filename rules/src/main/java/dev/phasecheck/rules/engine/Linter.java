package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Rule;

import dev.phasecheck.rules.api.ExchangeObserver;
import dev.phasecheck.rules.read.Readers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.ObjectMapper;

/**
 * Lints transcripts. Immutable and safe to share; each transcript gets its own {@link TranscriptRun}.
 */
public final class Linter {
    private final Config config;
    private final List<Rule> rules;
    private final Diagnostics diagnostics;
    private final ObjectMapper mapper = Readers.newMapper();
    private final ExchangeObserver.Factory observers;

    public Linter(Config config) {
        this(config, null);
    }

    private Linter(Config config, ExchangeObserver.Factory observers) {
        this.config = config;
        this.rules = Rules.newRules();
        this.diagnostics = Diagnostics.create();
        this.observers = observers;
    }

    public Linter() {
        this(Config.defaults());
    }

    /** A linter that shows each transcript, exchange by exchange, to an observer made by {@code observers}. */
    public Linter withObservers(ExchangeObserver.Factory observers) {
        return new Linter(config, observers);
    }

    public Config config() {
        return config;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Starts a transcript that is fed exchange by exchange (the simulator's journal does this). */
    public TranscriptRun start(String file) {
        return start(file, observers == null ? null : observers.forTranscript(file));
    }

    private TranscriptRun start(String file, ExchangeObserver observer) {
        return new TranscriptRun(file, rules, diagnostics, config, observer);
    }

    /** Lints every input in order, one at a time. */
    public LintResult lint(List<TranscriptInput> inputs) {
        List<LintResult> parts = new ArrayList<>();
        for (TranscriptInput in : inputs) parts.add(lint(in));
        return LintResult.merge(parts);
    }

    /** The number of processors: the default number of jobs. */
    public static int defaultJobs() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Lints every input with up to {@code jobs} threads: up to {@code jobs} files at once, and the
     * lines of a JSONL file parsed and checked on {@code jobs} workers while the checks that need
     * the transcript's state (the replay index, the phase models observed) run in order. The
     * result, and everything observers see and in which order each transcript's end reaches them, is
     * the same for every {@code jobs}; {@code jobs == 1} is {@link #lint(List)}.
     *
     * @throws IllegalArgumentException when {@code jobs < 1}
     */
    public LintResult lint(List<TranscriptInput> inputs, int jobs) {
        if (jobs < 1) throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        if (jobs == 1 || inputs.isEmpty()) return lint(inputs);
        int n = inputs.size();
        List<OrderedEnd> ends = new ArrayList<>(n);
        for (TranscriptInput in : inputs) {
            ends.add(observers == null ? null : new OrderedEnd(observers.forTranscript(in.displayName())));
        }
        LintResult[] results = new LintResult[n];
        Throwable[] escaped = new Throwable[n];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ThreadPoolExecutor workers = new java.util.concurrent.ThreadPoolExecutor(jobs, jobs,
                0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                daemons("phasecheck-worker"));
        Thread[] lanes = new Thread[Math.min(jobs, n)];
        try {
            for (int l = 0; l < lanes.length; l++) {
                lanes[l] = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        TranscriptInput in = inputs.get(i);
                        TranscriptRun run = start(in.displayName(), ends.get(i));
                        try {
                            if (Thread.currentThread().isInterrupted()) {
                                run.unreadable(null, null, "", "reading was interrupted", false);
                                results[i] = run.finish();
                            } else {
                                results[i] = lint(in, run, workers);
                            }
                        } catch (Throwable e) {
                            escaped[i] = e;
                        }
                    }
                }, "phasecheck-lint-" + (l + 1));
                lanes[l].setDaemon(true);
                lanes[l].start();
            }
            joinAll(lanes);
        } finally {
            workers.shutdownNow();
        }
        for (int i = 0; i < n; i++) {
            if (escaped[i] instanceof RuntimeException e) throw e;
            if (escaped[i] instanceof Error e) throw e;
            if (escaped[i] != null) throw new IllegalStateException(escaped[i]);
        }
        for (OrderedEnd e : ends) {
            if (e != null) e.deliver();
        }
        return LintResult.merge(java.util.Arrays.asList(results));
    }

    /** Joins every thread; when interrupted, interrupts them (they stop soon) and still joins, then keeps the interrupt. */
    private static void joinAll(Thread[] threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        interrupted = true;
                        for (Thread o : threads) o.interrupt();
                    }
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static java.util.concurrent.ThreadFactory daemons(String name) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * An observer whose end is held back until every transcript is linted, then delivered in
     * input order: transcripts linted at once end in any order, the observers see them in one.
     */
    private static final class OrderedEnd implements ExchangeObserver {
        private final ExchangeObserver delegate;
        private volatile boolean ended;

        OrderedEnd(ExchangeObserver delegate) {
            this.delegate = delegate;
        }

        @Override
        public void exchange(dev.phasecheck.rules.read.Exchange exchange, int resentItems,
                             List<dev.phasecheck.rules.api.Finding> findings) {
            delegate.exchange(exchange, resentItems, findings);
        }

        @Override
        public void end() {
            ended = true;
        }

        void deliver() {
            if (ended) delegate.end();
        }
    }

    /**
     * Lints one transcript. The reader runs on a thread of its own, one step ahead of the rules,
     * which run in transcript order on the calling thread.
     */
    public LintResult lint(TranscriptInput input) {
        return lint(input, start(input.displayName()), null);
    }

    /** Lints one transcript into {@code run}; with {@code workers}, JSONL lines are parsed and checked on them. */
    private LintResult lint(TranscriptInput input, TranscriptRun run, java.util.concurrent.Executor workers) {
        try {
            if (input.problem() != null) {
                run.unreadable(null, null, "", input.problem(), false);
                return run.finish();
            }
            Pipeline.Reader reader = sink -> {
                if (input.path() == null) {
                    Readers.readStream(input.stream(), input.displayName(), null, mapper, sink);
                } else {
                    Readers.readFile(input.path(), input.displayName(), mapper, sink);
                }
            };
            if (workers == null) Pipeline.run(input.displayName(), reader, run);
            else Pipeline.run(input.displayName(), reader, run, workers);
        } catch (IOException e) {
            run.unreadable(null, null, "", "cannot be read: " + Readers.describeIo(e), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.unreadable(null, null, "", "reading was interrupted", false);
        } catch (OutOfMemoryError e) {
            run.unreadable(null, null, "", Readers.tooLarge("the rest of this file", -1), false);
        } catch (Exception | StackOverflowError e) {
            run.internalError(null, null, "reading this file", e);
        }
        return run.finish();
    }

    /**
     * Lints exchange objects held in memory (the simulator's journal), exactly as the same objects
     * written one per line to a JSONL file would lint: exchange {@code i} is on line {@code i + 1}.
     */
    public LintResult lintExchanges(String name, Iterable<? extends tools.jackson.databind.JsonNode> exchanges) {
        TranscriptRun run = start(name);
        int index = 0;
        for (tools.jackson.databind.JsonNode node : exchanges) {
            dev.phasecheck.rules.read.Exchange ex = Readers.toExchange(node, name, index, index + 1, mapper, run);
            if (ex != null) run.exchange(ex);
            index++;
        }
        return run.finish();
    }

    /** Lints one file by path. */
    public LintResult lint(Path path) {
        return lint(TranscriptInput.of(path, path.toString()));
    }

    /** Lints JSONL from a stream (for example standard input). */
    public LintResult lintJsonl(InputStream in, String displayName) {
        return lint(TranscriptInput.of(in, displayName));
    }
}
