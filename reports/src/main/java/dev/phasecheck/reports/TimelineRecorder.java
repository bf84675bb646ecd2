package dev.phasecheck.reports;

import dev.phasecheck.rules.api.ExchangeObserver;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.OutputItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Builds each transcript's {@link Timeline} while the engine lints it (an
 * {@link ExchangeObserver.Factory}): bounded, it keeps the request items that are new this turn or
 * carry a finding, and the response's items. Safe to share between transcripts linted at once.
 */
public final class TimelineRecorder implements ExchangeObserver.Factory {
    private final List<Timeline> timelines = new ArrayList<>();

    @Override
    public ExchangeObserver forTranscript(String file) {
        return new ExchangeObserver() {
            private final List<Timeline.Turn> turns = new ArrayList<>();
            private boolean truncated;

            @Override
            public void exchange(Exchange ex, int resentItems, List<Finding> findings) {
                if (turns.size() >= Timeline.MAX_EXCHANGES) {
                    truncated = true;
                    return;
                }
                turns.add(turn(ex, resentItems, findings));
            }

            @Override
            public void end() {
                synchronized (timelines) {
                    timelines.add(new Timeline(file, turns, truncated));
                }
            }
        };
    }

    /** The timelines recorded so far, in transcript name order. */
    public List<Timeline> timelines() {
        synchronized (timelines) {
            List<Timeline> out = new ArrayList<>(timelines);
            out.sort(Comparator.comparing(Timeline::file));
            return out;
        }
    }

    private static Timeline.Turn turn(Exchange ex, int skip, List<Finding> findings) {
        boolean chat = ex.endpoint() == Endpoint.CHAT_COMPLETIONS;
        JsonNode input = ex.request().get(chat ? "messages" : "input");
        String base = chat ? "/request/messages/" : "/request/input/";
        List<Timeline.Item> request = new ArrayList<>();
        int resent = 0;
        if (input != null && input.isArray()) {
            for (int k = 0; k < input.size(); k++) {
                String p = base + k;
                List<Finding> mine = on(p, findings);
                if (k < skip && mine.isEmpty()) {
                    resent++;
                    continue;
                }
                if (request.size() < 200) request.add(item(input.get(k), p, mine));
            }
        } else if (input != null && input.isString()) {
            String p = base.substring(0, base.length() - 1);
            request.add(new Timeline.Item(p, "message", "user", Timeline.Phase.ABSENT, null, clip(input.asString()),
                    on(p, findings)));
        }
        List<Timeline.Item> response = new ArrayList<>();
        for (OutputItem oi : ex.outputItems()) {
            if (response.size() < 200) response.add(item(oi.item(), oi.pointer(), on(oi.pointer(), findings)));
        }
        if (response.isEmpty() && chat && ex.response() != null) {
            JsonNode msg = ex.response().path("choices").path(0).path("message");
            if (msg.isObject()) {
                String p = "/response/choices/0/message";
                response.add(item(msg, p, on(p, findings)));
            }
        }
        String endpoint = switch (ex.endpoint()) {
            case RESPONSES -> "responses";
            case CHAT_COMPLETIONS -> "chat/completions";
            default -> "other";
        };
        return new Timeline.Turn(ex.index(), ex.line(), endpoint, ex.model(), ex.stream() != null, ex.status(),
                request, resent, response);
    }

    /** The findings whose pointer is the item at {@code pointer} or inside it, in their order. */
    private static List<Finding> on(String pointer, List<Finding> findings) {
        List<Finding> out = null;
        for (Finding f : findings) {
            if (Timeline.Item.concerns(pointer, f.pointer())) {
                if (out == null) out = new ArrayList<>(2);
                out.add(f);
            }
        }
        return out == null ? List.of() : out;
    }

    private static Timeline.Item item(JsonNode it, String pointer, List<Finding> findings) {
        if (it == null || !it.isObject()) {
            return new Timeline.Item(pointer, "value", null, Timeline.Phase.ABSENT, null, clip(String.valueOf(it)), findings);
        }
        String type = Items.str(it, "type");
        boolean message = Items.isMessage(it) || (type == null && it.has("role"));
        String kind = message ? "message" : type == null ? "item" : type;
        String id = Items.str(it, "id");
        if (id == null) id = Items.str(it, "call_id");
        String text;
        if (message) {
            text = Items.textOrInput(it);
        } else if ("function_call".equals(kind)) {
            text = Items.str(it, "name") + "(" + Items.str(it, "arguments") + ")";
        } else if ("function_call_output".equals(kind)) {
            JsonNode o = it.get("output");
            text = o == null ? "" : o.isString() ? o.asString() : o.toString();
        } else if ("reasoning".equals(kind)) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode s : it.path("summary")) sb.append(s.path("text").asString(""));
            text = sb.toString();
        } else {
            text = "";
        }
        return new Timeline.Item(pointer, kind, Items.role(it), Timeline.Phase.of(it.get("phase")), id, clip(text), findings);
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() <= Timeline.MAX_TEXT ? s : s.substring(0, Timeline.MAX_TEXT - 1) + "\u2026";
    }
}
