package dev.phasecheck.rules.relay;

import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.engine.Config;
import dev.phasecheck.rules.engine.Rules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges a proxy run: pairs the client leg with the upstream leg by conversation and turn (the last
 * attempt of a retried turn on each side), works out what differs, and runs the relay rules. One
 * fault is one finding: a later turn that repeats it (a stateless client resends its history, so a
 * proxy that strips a replayed message's phase strips it again every turn) is listed as a repeat.
 * A client exchange that got a 2xx answer with no upstream exchange to pair it with cannot be
 * judged: it is listed in {@link Judgement#unpaired()} for the caller to say so, never silently passed
 * (an error answer is the caller's to report; what it left out is not judged as a relay loss).
 */
public final class RelayJudge {
    private final Config config;
    private final ObjectMapper mapper = JsonMapper.builder().build();

    public RelayJudge(Config config) {
        this.config = config;
    }

    /**
     * @param findings the relay findings, in report order
     * @param pairs    how many turns were paired and judged
     * @param unpaired each client exchange that had no upstream exchange, as "FILE exchange N (conversation K, turn T)"
     */
    public record Judgement(List<Finding> findings, int pairs, List<String> unpaired) {
        public Judgement {
            findings = List.copyOf(findings);
            unpaired = List.copyOf(unpaired);
        }
    }

    public Judgement judge(Leg client, Leg upstream) {
        Map<String, Leg.At> clientTurns = lastByTurn(client);
        Map<String, Leg.At> upstreamTurns = lastByTurn(upstream);
        RelayAnalysis analysis = new RelayAnalysis(mapper);
        List<Rule> rules = new ArrayList<>();
        for (Class<? extends Rule> c : Rules.classes()) {
            if (RelayCheck.class.isAssignableFrom(c)) rules.add(Rules.newRule(c));
        }
        List<Finding> findings = new ArrayList<>();
        Map<String, Integer> first = new LinkedHashMap<>();
        Map<Integer, List<Related>> repeats = new LinkedHashMap<>();
        List<String> unpaired = new ArrayList<>();
        int pairs = 0;
        for (Map.Entry<String, Leg.At> e : clientTurns.entrySet()) {
            Leg.At c = e.getValue();
            Leg.At u = upstreamTurns.get(e.getKey());
            String conversation = c.exchange().path("conversation").asString("");
            int turn = c.exchange().path("turn").asInt(-1);
            if (u == null) {
                int status = c.exchange().path("status").asInt(0);
                if (status < 200 || status >= 300) continue; // an error or no answer: the caller reports that, nothing to judge
                unpaired.add(c.file() + " exchange " + c.index() + " (conversation " + conversation + ", turn " + turn + ")");
                continue;
            }
            pairs++;
            RelayPair pair = new RelayPair(conversation, turn, c, u, analysis.differences(c, u));
            Difference[] current = new Difference[1];
            String[] conv = new String[1];
            List<Finding> raw = new ArrayList<>();
            List<Difference> sources = new ArrayList<>();
            Emitter emitter = new Emitter(config.ruleOverrides(), config.phaseModels(), f -> {
                raw.add(f.withDirection(current[0].direction()).withConversation(conv[0].isEmpty() ? null : conv[0]));
                sources.add(current[0]);
            });
            RelayOut out = new RelayOut(emitter, (d, k) -> {
                current[0] = d;
                conv[0] = k;
            });
            for (Rule r : rules) {
                if (!emitter.isOff(r)) ((RelayCheck) r).check(pair, out);
            }
            for (int i = 0; i < raw.size(); i++) {
                Finding f = raw.get(i);
                String key = f.rule() + "|" + conversation + "|" + sources.get(i).key();
                Integer at = first.get(key);
                if (at == null) {
                    first.put(key, findings.size());
                    findings.add(f);
                } else {
                    repeats.computeIfAbsent(at, k -> new ArrayList<>())
                            .add(new Related(f.file(), f.index(), f.line(), f.pointer(), f.value()));
                }
            }
        }
        for (Map.Entry<Integer, List<Related>> r : repeats.entrySet()) {
            findings.set(r.getKey(), findings.get(r.getKey()).withRepeats(r.getValue()));
        }
        findings.sort(Finding.ORDER);
        return new Judgement(findings, pairs, unpaired);
    }

    /** Each turn's last exchange, keyed by conversation and turn (position in the conversation when no turn is named). */
    private static Map<String, Leg.At> lastByTurn(Leg leg) {
        Map<String, Leg.At> out = new LinkedHashMap<>();
        Map<String, Integer> positions = new LinkedHashMap<>();
        List<JsonNode> ex = leg.exchanges();
        for (int i = 0; i < ex.size(); i++) {
            JsonNode e = ex.get(i);
            String conversation = e.path("conversation").asString("");
            int pos = positions.merge(conversation, 1, Integer::sum) - 1;
            JsonNode t = e.get("turn");
            int turn = t != null && t.canConvertToInt() ? t.asInt() : pos;
            out.put(conversation + "\u0000" + turn, new Leg.At(leg.file(), i, e));
        }
        return out;
    }
}
