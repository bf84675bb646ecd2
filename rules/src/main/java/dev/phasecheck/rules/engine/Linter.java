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
        return new TranscriptRun(file, rules, diagnostics, config,
                observers == null ? null : observers.forTranscript(file));
    }

    /** Lints every input in order. */
    public LintResult lint(List<TranscriptInput> inputs) {
        List<LintResult> parts = new ArrayList<>();
        for (TranscriptInput in : inputs) parts.add(lint(in));
        return LintResult.merge(parts);
    }

    /**
     * Lints one transcript. The reader runs on a thread of its own, one step ahead of the rules,
     * which run in transcript order on the calling thread.
     */
    public LintResult lint(TranscriptInput input) {
        TranscriptRun run = start(input.displayName());
        try {
            if (input.problem() != null) {
                run.unreadable(null, null, "", input.problem(), false);
                return run.finish();
            }
            Pipeline.run(input.displayName(), sink -> {
                if (input.path() == null) {
                    Readers.readStream(input.stream(), input.displayName(), null, mapper, sink);
                } else {
                    Readers.readFile(input.path(), input.displayName(), mapper, sink);
                }
            }, run);
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
