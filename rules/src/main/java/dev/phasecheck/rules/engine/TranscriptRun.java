package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.ExchangeObserver;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.ExchangeCheck;
import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.ReplayCheck;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.json.Items;

import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.TranscriptSink;
import dev.phasecheck.rules.replay.ReplayIndex;
import dev.phasecheck.rules.replay.RequestAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lints one transcript as it is read: each exchange is checked when it arrives, then added to the
 * replay index, and dropped. Not thread-safe: one transcript, one reader.
 */
public final class TranscriptRun implements TranscriptSink {
    private final String file;
    private final List<Rule> rules;
    private final Diagnostics diagnostics;
    private final Emitter emitter;
    private final ExchangeObserver observer; // or null
    private final List<Finding> findings = new ArrayList<>();
    private final ReplayIndex index = new ReplayIndex();
    private int positions;
    private int unreadable;
    private int internalErrors;
    private boolean fileLevelProblem;
    private boolean finished;

    TranscriptRun(String file, List<Rule> rules, Diagnostics diagnostics, Config config, ExchangeObserver observer) {
        this.file = file;
        this.rules = rules;
        this.diagnostics = diagnostics;
        this.emitter = new Emitter(config.ruleOverrides(), config.phaseModels(), this::add);
        this.observer = observer;
        this.everyOccurrence = config.everyOccurrence();
        java.util.Set<String> replay = new java.util.HashSet<>();
        for (Rule r : rules) {
            if (r instanceof ReplayCheck) replay.add(r.id());
        }
        this.replayRules = Set.copyOf(replay);
    }

    private final boolean everyOccurrence;
    /** The ids of the replay rules, whose faults are reported once however often a later request repeats them. */
    private final Set<String> replayRules;
    /** A replay fault's key → the position of its finding in {@link #findings}. */
    private final java.util.Map<String, Integer> faults = new java.util.HashMap<>();

    /**
     * One finding per fault (the rule catalogue's "One finding per fault, not per request"): a
     * replay finding on the same rule, the same earlier output item(s) and the same value as an
     * earlier one is a repeat of that fault — a stateless client resends its history every turn —
     * and is listed on the first finding's {@code repeats} instead of standing on its own.
     */
    /** For the simulator's journal: each exchange index's conversation, so a finding names it as the live run did. */
    private final java.util.Map<Integer, String> conversations = new java.util.HashMap<>();

    private void keep(Finding f) {
        if (f.conversation() == null && f.index() != null && conversations.containsKey(f.index())) {
            f = f.withConversation(conversations.get(f.index()));
        }
        if (everyOccurrence || f.index() == null || f.related().isEmpty() || !replayRules.contains(f.rule())) {
            findings.add(f);
            return;
        }
        StringBuilder key = new StringBuilder(f.rule());
        for (Related r : f.related()) key.append('|').append(r.file()).append('#').append(r.index()).append(r.pointer());
        key.append('|').append(f.value() == null ? "-" : f.value().toString());
        Integer at = faults.get(key.toString());
        if (at == null) {
            faults.put(key.toString(), findings.size());
            findings.add(f);
            return;
        }
        Finding first = findings.get(at);
        List<Related> repeats = new ArrayList<>(first.repeats());
        repeats.add(new Related(f.file(), f.index(), f.line(), f.pointer(), f.value(), f.interaction()));
        findings.set(at, first.withRepeats(repeats));
    }

    /**
     * For a recording: each exchange index's interaction position in the file, so every finding
     * (and its other side) says which interaction it is about. Empty for other transcripts.
     */
    private final java.util.Map<Integer, Integer> interactions = new java.util.HashMap<>();
    /** The interaction of a problem being reported that has no exchange index, else null. */
    private Integer reportingInteraction;

    private void add(Finding f) {
        if (interactions.isEmpty() && reportingInteraction == null) {
            keep(f);
            return;
        }
        Integer at = f.index() != null && interactions.containsKey(f.index()) ? interactions.get(f.index())
                : reportingInteraction;
        List<Related> related = f.related();
        if (!related.isEmpty() && !interactions.isEmpty()) {
            List<Related> located = new ArrayList<>(related.size());
            for (Related r : related) {
                Integer ri = r.index() != null && file.equals(r.file()) ? interactions.get(r.index()) : null;
                located.add(ri == null ? r : new Related(r.file(), r.index(), r.line(), r.pointer(), r.value(), ri));
            }
            related = located;
        }
        keep(at == null && related == f.related() ? f : f.withInteractions(at, related));
    }

    public String file() {
        return file;
    }

    /**
     * What {@link #precheck} found of one exchange, rule by rule (indexed as the rules): the
     * findings of each exchange check that could run off the sequential pass, and its failure if it
     * threw; null for a check left to the sequential pass.
     */
    static final class Prechecked {
        final List<Finding>[] found;
        final Throwable[] failed;

        @SuppressWarnings("unchecked")
        Prechecked(int rules) {
            found = new List[rules];
            failed = new Throwable[rules];
        }
    }

    /** A detached emitter per worker thread, so each keeps its own memo (see {@link Emitter.Memo}). */
    private final java.util.concurrent.ConcurrentHashMap<Long, Detached> detached =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final class Detached {
        final Emitter emitter;
        List<Finding> current;

        Detached(Emitter of) {
            this.emitter = of.detached(f -> current.add(f));
        }
    }

    /**
     * Runs, on the calling (worker) thread, the exchange checks that need nothing of the exchanges
     * before: each check's findings are kept for {@link #exchange(Exchange, Prechecked)} to add in
     * rule order, exactly as if it had run there. A check that asks for the transcript's state
     * (see {@link Emitter#detached}) is left to the sequential pass. Thread-safe.
     */
    Prechecked precheck(Exchange ex) {
        Detached d = detached.computeIfAbsent(Thread.currentThread().getId(), k -> new Detached(emitter));
        Prechecked pre = new Prechecked(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!(rule instanceof ExchangeCheck check) || d.emitter.isOff(rule)) continue;
            d.current = new ArrayList<>(0);
            try {
                check.check(ex, d.emitter);
                pre.found[i] = d.current;
            } catch (Emitter.NeedsSequence e) {
                pre.found[i] = null;
            } catch (RuntimeException | StackOverflowError e) {
                pre.found[i] = d.current;
                pre.failed[i] = e;
            }
        }
        d.current = null;
        return pre;
    }

    @Override
    public void exchange(Exchange ex) {
        exchange(ex, null);
    }

    /** An exchange, with what {@link #precheck} found of it (or null: everything is checked here). */
    void exchange(Exchange ex, Prechecked pre) {
        positions = Math.max(positions, ex.index() + 1);
        if (ex.interaction() != null) interactions.put(ex.index(), ex.interaction());
        if (ex.conversation() != null) conversations.put(ex.index(), ex.conversation());
        int before = findings.size();
        emitter.observe(ex);
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule instanceof ExchangeCheck check && !emitter.isOff(rule)) {
                if (pre != null && pre.found[i] != null) {
                    for (Finding f : pre.found[i]) add(f);
                    if (pre.failed[i] != null) {
                        internalError(ex.index(), ex.line(), "checking this exchange with rule " + rule.id(), pre.failed[i]);
                    }
                } else {
                    guarded(rule, ex, () -> check.check(ex, emitter));
                }
            }
        }
        int resent = 0;
        try {
            if (ex.endpoint() == Endpoint.RESPONSES) {
                RequestAnalysis analysis = index.analyze(ex);
                for (Rule rule : rules) {
                    if (rule instanceof ReplayCheck check && !emitter.isOff(rule)) {
                        guarded(rule, ex, () -> check.check(analysis, emitter));
                    }
                }
                index.register(ex, analysis);
                resent = analysis.resentCount();
            }
        } catch (RuntimeException | StackOverflowError e) {
            // a bug of phasecheck must not stop the transcript, nor pass as the input's problem
            internalError(ex.index(), ex.line(), "analysing this exchange's replays", e);
        }
        if (observer != null) {
            try {
                observer.exchange(ex, resent, List.copyOf(findings.subList(before, findings.size())));
            } catch (RuntimeException e) {
                internalError(ex.index(), ex.line(), "showing this exchange to a report", e);
            }
        }
    }

    /**
     * A rule that throws must not stop the run, nor pass silently: the failure is an internal
     * error of phasecheck, and the other rules and exchanges are still checked.
     */
    private void guarded(Rule rule, Exchange ex, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | StackOverflowError e) {
            internalError(ex.index(), ex.line(), "checking this exchange with rule " + rule.id(), e);
        }
    }

    @Override
    public void internalError(Integer index, Integer line, String where, Throwable failure) {
        if (index != null && index >= positions) positions = index + 1;
        if (index == null) fileLevelProblem = true;
        internalErrors++;
        emitter.at(file, index, line)
                .message(describeFailure(where, failure)).report(diagnostics.internalError());
    }

    /** "phasecheck internal error … while WHERE: NullPointerException at Foo.java:12: message". */
    static String describeFailure(String where, Throwable e) {
        StringBuilder sb = new StringBuilder("phasecheck internal error (a bug in phasecheck, not a problem of the input) while ")
                .append(where).append(": ").append(e.getClass().getSimpleName());
        StackTraceElement at = null;
        for (StackTraceElement el : e.getStackTrace()) {
            if (el.getClassName().startsWith("dev.phasecheck.")) {
                at = el;
                break;
            }
        }
        if (at == null && e.getStackTrace().length > 0) at = e.getStackTrace()[0];
        if (at != null) {
            String cls = at.getClassName();
            sb.append(" at ").append(cls.substring(cls.lastIndexOf('.') + 1)).append('.').append(at.getMethodName());
            if (at.getLineNumber() > 0) sb.append(" (").append(at.getFileName()).append(':').append(at.getLineNumber()).append(')');
        }
        String msg = e.getMessage();
        if (msg != null && !msg.isBlank()) {
            msg = msg.replace('\n', ' ').replace('\r', ' ');
            sb.append(": ").append(msg.length() > 200 ? msg.substring(0, 200) + "…" : msg);
        }
        return sb.append("; it was not fully checked; please report this").toString();
    }

    @Override
    public void unreadable(Integer index, Integer line, String pointer, String message, boolean takesPosition) {
        if (takesPosition && index != null) {
            positions = Math.max(positions, index + 1);
            unreadable++;
        }
        if (index == null) fileLevelProblem = true;
        emitter.at(file, index, line).pointer(pointer == null ? "" : pointer)
                .message(message).report(diagnostics.unreadable());
    }

    @Override
    public void unreadable(Integer index, Integer line, Integer interaction, String pointer, String message,
                           boolean takesPosition) {
        if (interaction != null && index != null) interactions.put(index, interaction);
        reportingInteraction = interaction;
        try {
            unreadable(index, line, pointer, message, takesPosition);
        } finally {
            reportingInteraction = null;
        }
    }

    /** Ends the transcript: file-level findings, then the result. */
    public LintResult finish() {
        if (!finished) {
            finished = true;
            if (!index.anyReplayChecked() && !fileLevelProblem) {
                String why = positions == 0 ? "the transcript holds no exchanges"
                        : "no request replays or references an earlier assistant message, so the replay rules had nothing to check";
                emitter.at(file, null, null)
                        .message(why).report(diagnostics.nothingChecked());
            }
            if (observer != null) observer.end();
        }
        return new LintResult(List.of(new FileSummary(file, positions, unreadable)), findings);
    }
}
