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
    private final List<Timeline.Turn> turns = new ArrayList<>();
    private boolean timelineTruncated;

    TranscriptRun(String file, Linter linter) {
        this.file = file;
        this.linter = linter;
        this.emitter = new Emitter(linter.config(), this::add);
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
            findings.add(f);
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
        findings.add(at == null && related == f.related() ? f : f.withInteractions(at, related));
    }

    public String file() {
        return file;
    }

    @Override
    public void exchange(Exchange ex) {
        positions = Math.max(positions, ex.index() + 1);
        if (ex.interaction() != null) interactions.put(ex.index(), ex.interaction());
        for (Rule rule : linter.rules()) {
            if (rule instanceof ExchangeCheck check && !emitter.isOff(rule)) {
                guarded(rule, ex, () -> check.check(ex, emitter));
            }
        }
        try {
            if (ex.endpoint() == Endpoint.RESPONSES) {
                RequestAnalysis analysis = index.analyze(ex);
                for (Rule rule : linter.rules()) {
                    if (rule instanceof ReplayCheck check && !emitter.isOff(rule)) {
                        guarded(rule, ex, () -> check.check(analysis, emitter));
                    }
                }
                index.register(ex, analysis);
                if (linter.collectsTimeline()) record(ex, analysis);
            } else if (linter.collectsTimeline()) {
                record(ex, null);
            }
        } catch (RuntimeException | StackOverflowError e) {
            // strange input must not stop the transcript: say where, and go on with the next exchange
            emitter.report(linter.unreadableRule(), null, file, ex.index(), ex.line(), "",
                    "replay analysis could not use this exchange: " + e, null, List.of());
        }
    }

    /** Keeps a bounded view of the exchange for the timeline: new request items, items with findings, the output. */
    private void record(Exchange ex, RequestAnalysis analysis) {
        if (turns.size() >= Timeline.MAX_EXCHANGES) {
            timelineTruncated = true;
            return;
        }
        java.util.Set<String> flagged = new java.util.HashSet<>();
        for (int i = findings.size() - 1; i >= 0 && findings.get(i).index() != null && findings.get(i).index() == ex.index(); i--) {
            flagged.add(findings.get(i).pointer());
        }
        tools.jackson.databind.JsonNode input = ex.endpoint() == Endpoint.CHAT_COMPLETIONS ? ex.request().get("messages")
                : ex.request().get("input");
        String base = ex.endpoint() == Endpoint.CHAT_COMPLETIONS ? "/request/messages/" : "/request/input/";
        int skip = analysis == null ? 0 : analysis.resentCount();
        List<Timeline.Item> request = new ArrayList<>();
        int resent = 0;
        if (input != null && input.isArray()) {
            for (int k = 0; k < input.size(); k++) {
                String p = base + k;
                boolean hasFinding = false;
                for (String f : flagged) hasFinding |= f != null && (f.equals(p) || f.startsWith(p + "/"));
                if (k < skip && !hasFinding) {
                    resent++;
                    continue;
                }
                if (request.size() < 200) request.add(item(input.get(k), p));
            }
        } else if (input != null && input.isString()) {
            request.add(new Timeline.Item(base.substring(0, base.length() - 1), "message", "user", null, null,
                    clip(input.asString())));
        }
        List<Timeline.Item> response = new ArrayList<>();
        for (dev.phasecheck.rules.read.OutputItem oi : ex.outputItems()) {
            if (response.size() < 200) response.add(item(oi.item(), oi.pointer()));
        }
        if (response.isEmpty() && ex.endpoint() == Endpoint.CHAT_COMPLETIONS && ex.response() != null) {
            tools.jackson.databind.JsonNode msg = ex.response().path("choices").path(0).path("message");
            if (msg.isObject()) response.add(item(msg, "/response/choices/0/message"));
        }
        String endpoint = switch (ex.endpoint()) {
            case RESPONSES -> "responses";
            case CHAT_COMPLETIONS -> "chat/completions";
            default -> "other";
        };
        turns.add(new Timeline.Turn(ex.index(), ex.line(), endpoint, ex.model(), ex.stream() != null, ex.status(),
                request, resent, response));
    }

    private static Timeline.Item item(tools.jackson.databind.JsonNode it, String pointer) {
        if (it == null || !it.isObject()) {
            return new Timeline.Item(pointer, "value", null, null, null, clip(String.valueOf(it)));
        }
        String type = Items.str(it, "type");
        boolean message = Items.isMessage(it) || (type == null && it.has("role"));
        String kind = message ? "message" : type == null ? "item" : type;
        tools.jackson.databind.JsonNode phase = it.get("phase");
        String id = Items.str(it, "id");
        if (id == null) id = Items.str(it, "call_id");
        String text;
        if (message) {
            text = Items.textOrInput(it);
        } else if ("function_call".equals(kind)) {
            text = Items.str(it, "name") + "(" + String.valueOf(Items.str(it, "arguments")) + ")";
        } else if ("function_call_output".equals(kind)) {
            tools.jackson.databind.JsonNode o = it.get("output");
            text = o == null ? "" : o.isString() ? o.asString() : o.toString();
        } else if ("reasoning".equals(kind)) {
            StringBuilder sb = new StringBuilder();
            for (tools.jackson.databind.JsonNode s : it.path("summary")) sb.append(s.path("text").asString(""));
            text = sb.toString();
        } else {
            text = "";
        }
        return new Timeline.Item(pointer, kind, Items.role(it), phase == null ? null : phase.toString(), id, clip(text));
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() <= Timeline.MAX_TEXT ? s : s.substring(0, Timeline.MAX_TEXT - 1) + "\u2026";
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
                emitter.report(linter.nothingCheckedRule(), null, file, null, null, "", why, null, List.of());
            }
        }
        List<Timeline> timelines = linter.collectsTimeline()
                ? List.of(new Timeline(file, turns, timelineTruncated)) : List.of();
        return new LintResult(List.of(new FileSummary(file, positions, unreadable)), findings, timelines);
    }
}
