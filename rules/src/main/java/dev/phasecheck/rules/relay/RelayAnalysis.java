package dev.phasecheck.rules.relay;

import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.read.Sse;
import dev.phasecheck.rules.read.SseEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Works out what a proxy lost or changed in one paired turn. Responses: every upstream output
 * message is looked for among what the client received (by any of its ids, else by its text), and
 * each place that carries it on the client side — the JSON body's {@code output}, and in a stream
 * every {@code response.output_item.added}, {@code .done} and the terminal {@code response.output} —
 * is compared with the same place upstream. Requests: every item the client sent is looked for
 * among what was forwarded (by id, else by text), and its phase compared.
 */
final class RelayAnalysis {
    private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete", "response.failed");

    private final ObjectMapper mapper;

    RelayAnalysis(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One place an output item is carried: a JSON body, or one stream event. */
    record Carrier(String kind, JsonNode item, String pointer) {}

    /** One output item with every place that carries it. */
    static final class Output {
        final List<Carrier> carriers = new ArrayList<>();
        final Set<String> ids = new LinkedHashSet<>();
        boolean matched;

        JsonNode last() {
            Carrier best = null;
            for (Carrier c : carriers) {
                if (best == null || !c.kind().equals("added")) best = c;
            }
            return best == null ? null : best.item();
        }

        Carrier of(String kind) {
            for (Carrier c : carriers) if (c.kind().equals(kind)) return c;
            return null;
        }

        Carrier finalCarrier() {
            Carrier best = null;
            for (Carrier c : carriers) {
                if (best == null || !c.kind().equals("added")) best = c;
            }
            return best;
        }
    }

    /** The output items of an exchange object, in output order. */
    List<Output> outputs(JsonNode exchange) {
        Map<String, Output> byKey = new LinkedHashMap<>();
        JsonNode response = exchange.get("response");
        JsonNode sse = exchange.get("response_sse");
        if (sse != null && sse.isString()) {
            Sse.Parsed parsed = Sse.parse(sse.asString(), mapper);
            for (SseEvent e : parsed.events()) {
                JsonNode d = e.data();
                if (d == null || !d.isObject()) continue;
                String type = e.type();
                if ("response.output_item.added".equals(type) || "response.output_item.done".equals(type)) {
                    JsonNode item = d.get("item");
                    if (item == null || !item.isObject()) continue;
                    JsonNode oi = d.get("output_index");
                    String key = oi != null && oi.canConvertToInt() ? "#" + oi.asInt() : "id:" + Items.str(item, "id");
                    add(byKey, key, new Carrier(type.endsWith("added") ? "added" : "done", item, "/response_sse/" + e.index() + "/item"));
                } else if (TERMINAL.contains(type)) {
                    JsonNode out = d.path("response").get("output");
                    if (out == null || !out.isArray()) continue;
                    for (int i = 0; i < out.size(); i++) {
                        add(byKey, "#" + i, new Carrier("terminal", out.get(i), "/response_sse/" + e.index() + "/response/output/" + i));
                    }
                }
            }
        } else if (response != null && response.isObject()) {
            JsonNode out = response.get("output");
            if (out != null && out.isArray()) {
                for (int i = 0; i < out.size(); i++) add(byKey, "#" + i, new Carrier("json", out.get(i), "/response/output/" + i));
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static void add(Map<String, Output> byKey, String key, Carrier c) {
        Output o = byKey.computeIfAbsent(key, k -> new Output());
        o.carriers.add(c);
        String id = Items.str(c.item(), "id");
        if (id != null) o.ids.add(id);
    }

    /** Everything that differs between the two ends of one turn. */
    List<Difference> differences(Leg.At client, Leg.At upstream) {
        List<Difference> out = new ArrayList<>();
        // what an error answer left out is no relay loss: the error itself is the caller's to report
        boolean answered = client.exchange().path("status").asInt(200) < 400 && !client.exchange().has("error");
        if (upstream != null && answered) toClient(client, upstream, out);
        if (upstream != null) toUpstream(client, upstream, out);
        return out;
    }

    // ---- to-client: what the upstream answered vs what the client received

    private void toClient(Leg.At client, Leg.At upstream, List<Difference> out) {
        List<Output> sent = outputs(upstream.exchange());
        List<Output> got = outputs(client.exchange());
        String dir = Difference.TO_CLIENT;
        for (Output u : sent) {
            JsonNode ui = u.last();
            if (!Items.isAssistantMessage(ui)) continue;
            Output c = match(u, got);
            String what = describe(ui);
            String key = dir + "|" + client.exchange().path("turn").asInt(-1) + "|" + identity(ui);
            Carrier uf = u.finalCarrier();
            if (c == null) {
                out.add(new Difference(Difference.Kind.ITEM_DROPPED, dir,
                        new Side(client.file(), client.index(), client.exchange().has("response_sse") ? "/response_sse" : "/response/output", null),
                        new Side(upstream.file(), upstream.index(), uf.pointer(), ui.get("phase")), key, what,
                        "the upstream returned it" + phaseNote(ui) + " and the client never received it"));
                continue;
            }
            c.matched = true;
            String finalPhase = Items.phase(ui);
            Difference dropped = null;
            Difference altered = null;
            int droppedEvents = 0;
            int alteredEvents = 0;
            for (Carrier cc : c.carriers) {
                Carrier expected = u.of(cc.kind());
                boolean lenient = false;
                if (expected == null) {
                    expected = uf;
                    lenient = cc.kind().equals("added"); // a phase sent late upstream may come late to the client too
                }
                String exp = Items.phase(expected.item());
                String act = Items.phase(cc.item());
                Side received = new Side(client.file(), client.index(), cc.pointer() + "/phase", cc.item().get("phase"));
                Side from = new Side(upstream.file(), upstream.index(), expected.pointer() + "/phase", expected.item().get("phase"));
                if (exp != null && act == null && !lenient) {
                    droppedEvents++;
                    if (dropped == null) {
                        dropped = new Difference(Difference.Kind.PHASE_DROPPED, dir, received, from, key, what,
                                "the upstream gave phase \"" + exp + "\" and the client received " + shown(cc.item()) + where(cc));
                    }
                } else if (act != null && !act.equals(exp) && !(exp == null && act.equals(finalPhase))) {
                    alteredEvents++;
                    if (altered == null) {
                        altered = new Difference(Difference.Kind.PHASE_ALTERED, dir, received, from, key, what,
                                "the upstream gave " + (exp == null ? "no phase" : "phase \"" + exp + "\"") + " and the client received phase \""
                                        + act + "\"" + where(cc));
                    }
                }
            }
            if (dropped != null) out.add(withCount(dropped, droppedEvents));
            if (altered != null) out.add(withCount(altered, alteredEvents));
        }
        // a phase put on an item that is not an assistant message, or on an item the upstream never labelled
        for (Output c : got) {
            JsonNode ci = c.last();
            if (ci == null || Items.isAssistantMessage(ci)) continue;
            for (Carrier cc : c.carriers) {
                String act = Items.phase(cc.item());
                if (act == null) continue;
                Output u = null;
                for (Output s : sent) if (!java.util.Collections.disjoint(s.ids, c.ids)) u = s;
                String exp = u == null ? null : Items.phase(u.last());
                if (act.equals(exp)) continue;
                String key = Difference.TO_CLIENT + "|" + client.exchange().path("turn").asInt(-1) + "|" + identity(ci);
                out.add(new Difference(Difference.Kind.PHASE_ALTERED, Difference.TO_CLIENT,
                        new Side(client.file(), client.index(), cc.pointer() + "/phase", cc.item().get("phase")),
                        new Side(upstream.file(), upstream.index(), u == null ? "/response" : u.finalCarrier().pointer(), null),
                        key, describe(ci), "the client received phase \"" + act + "\" on a " + Items.str(ci, "type")
                                + " item, which carries none" + where(cc)));
                break;
            }
        }
    }

    private static Difference withCount(Difference d, int events) {
        if (events <= 1) return d;
        return new Difference(d.kind(), d.direction(), d.received(), d.sent(), d.key(), d.what(),
                d.detail() + " (and in " + (events - 1) + " more event" + (events == 2 ? "" : "s") + " carrying it)");
    }

    private static String where(Carrier c) {
        return switch (c.kind()) {
            case "added" -> " in response.output_item.added";
            case "done" -> " in response.output_item.done";
            case "terminal" -> " in the terminal event's output";
            default -> "";
        };
    }

    private static Output match(Output u, List<Output> got) {
        for (Output c : got) {
            if (!c.matched && !java.util.Collections.disjoint(u.ids, c.ids)) return c;
        }
        String text = Items.text(u.last());
        for (Output c : got) {
            JsonNode ci = c.last();
            if (!c.matched && Items.isAssistantMessage(ci) && Objects.equals(text, Items.text(ci))) return c;
        }
        return null;
    }

    // ---- to-upstream: what the client sent vs what the proxy forwarded

    private void toUpstream(Leg.At client, Leg.At upstream, List<Difference> out) {
        JsonNode sentInput = client.exchange().path("request").get("input");
        if (sentInput == null || !sentInput.isArray()) return;
        JsonNode fwd = upstream.exchange().path("request");
        String url = upstream.exchange().path("url").asString("");
        boolean chat = url.contains("/chat/completions") || (fwd.has("messages") && !fwd.has("input"));
        String dir = Difference.TO_UPSTREAM;
        if (chat) {
            JsonNode messages = fwd.get("messages");
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < sentInput.size(); i++) {
                JsonNode item = sentInput.get(i);
                String p = Items.phase(item);
                if (!Items.isAssistantMessage(item) || p == null) continue;
                int j = -1;
                String text = Items.text(item);
                if (messages != null && messages.isArray()) {
                    for (int k = 0; k < messages.size(); k++) {
                        JsonNode m = messages.get(k);
                        if (!used.contains(k) && "assistant".equals(Items.str(m, "role")) && Objects.equals(text, Items.textOrInput(m))) {
                            j = k;
                            break;
                        }
                    }
                }
                if (j >= 0) used.add(j);
                Side received = new Side(upstream.file(), upstream.index(), j >= 0 ? "/request/messages/" + j : "/request/messages",
                        j >= 0 ? messages.get(j).get("phase") : null);
                Side from = new Side(client.file(), client.index(), "/request/input/" + i + "/phase", item.get("phase"));
                out.add(new Difference(Difference.Kind.PHASE_DROPPED, dir, received, from, dir + "|" + identity(item), describe(item),
                        "the client replayed it with phase \"" + p + "\" and the proxy forwarded it as a Chat Completions "
                                + (j >= 0 ? "message" : "request (the message is not among its messages)")
                                + ", which cannot carry phase"));
            }
            return;
        }
        JsonNode fwdInput = fwd.get("input");
        boolean keepsServerCopy = fwd.hasNonNull("previous_response_id") || fwd.hasNonNull("conversation");
        Set<String> references = new HashSet<>();
        List<Integer> candidates = new ArrayList<>();
        if (fwdInput != null && fwdInput.isArray()) {
            for (int j = 0; j < fwdInput.size(); j++) {
                JsonNode f = fwdInput.get(j);
                if ("item_reference".equals(Items.str(f, "type")) && Items.str(f, "id") != null) references.add(Items.str(f, "id"));
                candidates.add(j);
            }
        }
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < sentInput.size(); i++) {
            JsonNode item = sentInput.get(i);
            Integer j = counterpart(item, fwdInput, candidates, used);
            if (j != null) used.add(j);
            JsonNode f = j == null ? null : fwdInput.get(j);
            String key = dir + "|" + identity(item);
            Side from = new Side(client.file(), client.index(), "/request/input/" + i, item.get("phase"));
            if (Items.isAssistantMessage(item)) {
                String p = Items.phase(item);
                if (f == null) {
                    String id = Items.str(item, "id");
                    if (keepsServerCopy || (id != null && references.contains(id))) continue;
                    out.add(new Difference(Difference.Kind.ITEM_DROPPED, dir,
                            new Side(upstream.file(), upstream.index(), "/request/input", null), from, key, describe(item),
                            "the client replayed it" + phaseNote(item) + " and the proxy did not forward it"));
                    continue;
                }
                String q = Items.phase(f);
                Side received = new Side(upstream.file(), upstream.index(), "/request/input/" + j + "/phase", f.get("phase"));
                Side fromPhase = new Side(client.file(), client.index(), "/request/input/" + i + "/phase", item.get("phase"));
                if (p != null && q == null) {
                    out.add(new Difference(Difference.Kind.PHASE_DROPPED, dir, received, fromPhase, key, describe(item),
                            "the client replayed it with phase \"" + p + "\" and the proxy forwarded " + shown(f)));
                } else if (q != null && !q.equals(p)) {
                    out.add(new Difference(Difference.Kind.PHASE_ALTERED, dir, received, fromPhase, key, describe(item),
                            "the client replayed it with " + (p == null ? "no phase" : "phase \"" + p + "\"")
                                    + " and the proxy forwarded phase \"" + q + "\""));
                }
            } else if (f != null) {
                String q = Items.phase(f);
                String p = Items.phase(item);
                if (q != null && !q.equals(p)) {
                    out.add(new Difference(Difference.Kind.PHASE_ALTERED, dir,
                            new Side(upstream.file(), upstream.index(), "/request/input/" + j + "/phase", f.get("phase")),
                            new Side(client.file(), client.index(), "/request/input/" + i, item.get("phase")), key, describe(item),
                            "the client sent it without phase and the proxy forwarded it with phase \"" + q
                                    + "\", which only assistant messages carry"));
                }
            }
        }
    }

    /** The forwarded item that is the client's item: same id, else same call, else same role and text. */
    private static Integer counterpart(JsonNode item, JsonNode fwdInput, List<Integer> candidates, Set<Integer> used) {
        if (fwdInput == null || !fwdInput.isArray()) return null;
        String id = Items.str(item, "id");
        if (id != null) {
            for (int j : candidates) if (!used.contains(j) && id.equals(Items.str(fwdInput.get(j), "id"))) return j;
        }
        String call = Items.str(item, "call_id");
        String type = Items.str(item, "type");
        if (call != null) {
            for (int j : candidates) {
                JsonNode f = fwdInput.get(j);
                if (!used.contains(j) && call.equals(Items.str(f, "call_id")) && Objects.equals(type, Items.str(f, "type"))) return j;
            }
            return null;
        }
        String role = Items.role(item);
        if (role != null) {
            String text = Items.textOrInput(item);
            for (int j : candidates) {
                JsonNode f = fwdInput.get(j);
                if (!used.contains(j) && role.equals(Items.role(f)) && Objects.equals(text, Items.textOrInput(f))) return j;
            }
            return null;
        }
        if (type != null && !"message".equals(type)) {
            for (int j : candidates) {
                JsonNode f = fwdInput.get(j);
                if (!used.contains(j) && item.equals(f)) return j;
            }
        }
        return null;
    }

    private static String identity(JsonNode item) {
        String id = Items.str(item, "id");
        if (id != null) return "id:" + id;
        String call = Items.str(item, "call_id");
        if (call != null) return Items.str(item, "type") + ":" + call;
        return Items.role(item) + ":" + Items.hash(String.valueOf(Items.textOrInput(item)));
    }

    private static String describe(JsonNode item) {
        String id = Items.str(item, "id");
        String type = Items.str(item, "type");
        String role = Items.role(item);
        String kind = Items.isAssistantMessage(item) ? "assistant message" : role != null ? role + " message" : type == null ? "item" : type + " item";
        String text = Items.textOrInput(item);
        return kind + (id == null ? "" : " " + id) + (text == null || text.isEmpty() ? "" : " " + Items.preview(text));
    }

    private static String phaseNote(JsonNode item) {
        String p = Items.phase(item);
        return p == null ? "" : " (phase \"" + p + "\")";
    }

    private static String shown(JsonNode item) {
        return item.has("phase") ? "phase " + item.get("phase") : "no phase";
    }
}
