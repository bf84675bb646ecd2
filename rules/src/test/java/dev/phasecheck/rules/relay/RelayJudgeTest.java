package dev.phasecheck.rules.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.engine.Config;
import dev.phasecheck.rules.engine.Linter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RelayJudgeTest {
    private static final Path RULES = Path.of(System.getProperty("phasecheck.fixtures", "../fixtures"), "rules");

    private static Leg leg(Path dir, String name) throws IOException {
        var json = JsonMapper.builder().build();
        List<JsonNode> ex = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(name))) if (!line.isBlank()) ex.add(json.readTree(line));
        return new Leg(name, ex);
    }

    private static RelayJudge.Judgement judge(String fixture, Config config) throws IOException {
        Path d = RULES.resolve(fixture);
        return new RelayJudge(config).judge(leg(d, "client.jsonl"), leg(d, "upstream.jsonl"));
    }

    @Test
    void aFaultRepeatedEveryTurnIsOneFindingWithItsRepeats() throws IOException {
        RelayJudge.Judgement j = judge("relay-phase-dropped/fail-to-upstream-repeated", Config.defaults());
        assertEquals(3, j.pairs());
        Finding first = j.findings().get(0);
        assertEquals("to-upstream", first.direction());
        assertEquals("c1", first.conversation());
        assertEquals(1, first.repeats().size(), "turn 2 strips msg_1 again");
        assertEquals(2, first.repeats().get(0).index());
        // both sides named: the forwarded request and what the client sent, with its phase
        assertEquals("upstream.jsonl", first.file());
        assertEquals("client.jsonl", first.related().get(0).file());
        assertEquals("/request/input/1/phase", first.related().get(0).pointer());
        assertEquals("commentary", first.related().get(0).value().asString());
    }

    @Test
    void toClientFindingsSitOnTheClientLegAndNameTheUpstream() throws IOException {
        RelayJudge.Judgement j = judge("relay-phase-dropped/fail-to-client-stream-done-event", Config.defaults());
        Finding f = j.findings().get(0);
        assertEquals("to-client", f.direction());
        assertEquals("client.jsonl", f.file());
        assertEquals("upstream.jsonl", f.related().get(0).file());
        assertEquals("/response_sse/2/item/phase", f.related().get(0).pointer());
    }

    @Test
    void configurationAppliesToRelayRules() throws Exception {
        Config off = Config.defaults().withRule("relay-phase-dropped", null);
        assertEquals(List.of(), judge("relay-phase-dropped/fail-to-client-json", off).findings());
        Config warn = Config.defaults().withRule("relay-phase-dropped", Severity.WARNING);
        assertTrue(judge("relay-phase-dropped/fail-to-client-json", warn).findings().stream()
                .allMatch(f -> f.severity() == Severity.WARNING));
    }

    @Test
    void aClientTurnWithNothingUpstreamIsUnpairedNotPassed() throws IOException {
        Path d = RULES.resolve("relay-phase-dropped/fail-to-client-json");
        Leg client = leg(d, "client.jsonl");
        RelayJudge.Judgement j = new RelayJudge(Config.defaults()).judge(client, new Leg("upstream.jsonl", List.of()));
        assertEquals(0, j.pairs());
        assertEquals(2, j.unpaired().size());
        assertTrue(j.unpaired().get(0).contains("conversation c1, turn 0"), j.unpaired().get(0));
    }

    @Test
    void anErrorAnswerIsNoRelayLoss() throws IOException {
        Path d = RULES.resolve("relay-phase-dropped/fail-to-client-json");
        Leg client = leg(d, "client.jsonl");
        List<JsonNode> failed = new ArrayList<>();
        for (JsonNode e : client.exchanges()) failed.add(((tools.jackson.databind.node.ObjectNode) e.deepCopy()).put("status", 502));
        RelayJudge.Judgement j = new RelayJudge(Config.defaults()).judge(new Leg("client.jsonl", failed), leg(d, "upstream.jsonl"));
        assertEquals(List.of(), j.findings());
        assertEquals(List.of(), j.unpaired());
    }

    @Test
    void relayRulesNeverFireOnAPlainLint() throws IOException {
        Path d = RULES.resolve("relay-phase-dropped/fail-to-client-json");
        for (String leg : List.of("client.jsonl", "upstream.jsonl")) {
            assertTrue(new Linter().lint(d.resolve(leg)).findings().stream().noneMatch(f -> f.rule().startsWith("relay-")));
        }
    }
}
