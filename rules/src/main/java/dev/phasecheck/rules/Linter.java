package dev.phasecheck.rules;

import dev.phasecheck.rules.check.InternalFailure;
import dev.phasecheck.rules.check.NothingChecked;
import dev.phasecheck.rules.check.TranscriptUnreadable;
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
    private final Rule unreadable;
    private final Rule nothingChecked;
    private final Rule internalError;
    private final ObjectMapper mapper = Readers.newMapper();
    private final boolean timeline;

    public Linter(Config config) {
        this(config, false);
    }

    private Linter(Config config, boolean timeline) {
        this.timeline = timeline;
        this.config = config;
        this.rules = List.copyOf(Rules.newRules());
        this.unreadable = find(TranscriptUnreadable.class);
        this.nothingChecked = find(NothingChecked.class);
        this.internalError = find(InternalFailure.class);
    }

    public Linter() {
        this(Config.defaults());
    }

    private Rule find(Class<? extends Rule> type) {
        return rules.stream().filter(type::isInstance).findFirst().orElseThrow();
    }

    /** A linter that also collects each transcript's {@link Timeline} (for the HTML report). */
    public Linter withTimeline() {
        return new Linter(config, true);
    }

    boolean collectsTimeline() {
        return timeline;
    }

    public Config config() {
        return config;
    }

    List<Rule> rules() {
        return rules;
    }

    Rule unreadableRule() {
        return unreadable;
    }

    Rule nothingCheckedRule() {
        return nothingChecked;
    }

    Rule internalErrorRule() {
        return internalError;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Starts a transcript that is fed exchange by exchange (the simulator's journal does this). */
    public TranscriptRun start(String file) {
        return new TranscriptRun(file, this);
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
