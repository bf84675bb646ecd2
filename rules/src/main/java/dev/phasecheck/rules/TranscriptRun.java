package dev.phasecheck.rules;

import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.TranscriptSink;
import dev.phasecheck.rules.replay.ReplayIndex;
import dev.phasecheck.rules.replay.RequestAnalysis;
import java.util.ArrayList;
import java.util.List;

/**
 * Lints one transcript as it is read: each exchange is checked when it arrives, then added to the
 * replay index, and dropped. Not thread-safe: one transcript, one reader.
 */
public final class TranscriptRun implements TranscriptSink {
    private final String file;
    private final Linter linter;
    private final Emitter emitter;
    private final List<Finding> findings = new ArrayList<>();
    private final ReplayIndex index = new ReplayIndex();
    private int positions;
    private int unreadable;
    private boolean fileLevelProblem;
    private boolean finished;

    TranscriptRun(String file, Linter linter) {
        this.file = file;
        this.linter = linter;
        this.emitter = new Emitter(linter.config(), findings::add);
    }

    public String file() {
        return file;
    }

    @Override
    public void exchange(Exchange ex) {
        positions = Math.max(positions, ex.index() + 1);
        for (Rule rule : linter.rules()) {
            if (rule instanceof ExchangeCheck check && !emitter.isOff(rule)) {
                guarded(rule, ex, () -> check.check(ex, emitter));
            }
        }
        if (ex.endpoint() == Endpoint.RESPONSES) {
            RequestAnalysis analysis = index.analyze(ex);
            for (Rule rule : linter.rules()) {
                if (rule instanceof ReplayCheck check && !emitter.isOff(rule)) {
                    guarded(rule, ex, () -> check.check(analysis, emitter));
                }
            }
            index.register(ex, analysis);
        }
    }

    /** A rule that throws on strange input must not stop the run: the failure becomes a finding. */
    private void guarded(Rule rule, Exchange ex, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | StackOverflowError e) {
            emitter.report(linter.unreadableRule(), null, file, ex.index(), ex.line(), "",
                    "rule " + rule.id() + " could not check this exchange: " + e, null, List.of());
        }
    }

    @Override
    public void unreadable(Integer index, Integer line, String pointer, String message, boolean takesPosition) {
        if (takesPosition && index != null) {
            positions = Math.max(positions, index + 1);
            unreadable++;
        }
        if (index == null) fileLevelProblem = true;
        emitter.report(linter.unreadableRule(), null, file, index, line, pointer == null ? "" : pointer, message, null,
                List.of());
    }

    /** Ends the transcript: file-level findings, then the result. */
    public LintResult finish() {
        if (!finished) {
            finished = true;
            if (!index.anyReplayChecked() && !fileLevelProblem) {
                String why = positions == 0 ? "the transcript holds no exchanges"
                        : "no request replays or references an earlier assistant message, so the replay rules had nothing to check";
                emitter.report(linter.nothingCheckedRule(), null, file, null, null, "", why, null, List.of());
            }
        }
        return new LintResult(List.of(new FileSummary(file, positions, unreadable)), findings);
    }
}
