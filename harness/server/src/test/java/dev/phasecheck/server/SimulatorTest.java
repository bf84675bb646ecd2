package dev.phasecheck.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.server.ReferenceClient.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each built-in scenario against the conformant client and one client per failure mode, streamed and not. */
class SimulatorTest {
    private final Linter linter = new Linter();

    static Set<String> expected(String scenario, Fault fault) {
        boolean phased = !scenario.equals("no-phase-model");
        return switch (fault) {
            case NONE -> Set.of();
            case DROP_PHASE, STREAM_LOSES_PHASE -> phased ? Set.of("phase-dropped") : Set.of();
            case ALTER_PHASE -> phased ? Set.of("phase-altered") : Set.of();
            // a response with one message: "merging" it rebuilds it without phase
            case MERGE -> scenario.equals("chat-follow-up") || scenario.equals("hosted-tool") ? Set.of("message-merged")
                    : Set.of("phase-dropped");
            case OMIT_COMMENTARY -> phased ? Set.of("message-omitted") : Set.of();
            case USER_PHASE -> Set.of("phase-role");
            case CHAT_COMPLETIONS -> phased ? Set.of("chat-completions-phase-model") : Set.of();
            case DROP_HISTORY -> Set.of("message-omitted");
            case KEEP_PARTIAL -> Set.of("phase-dropped");
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (String s : Scenario.BUILT_IN) {
            for (boolean stream : new boolean[] {false, true}) {
                list.add(Arguments.of(s, Fault.NONE, stream));
                if (s.equals("chat-follow-up") || s.equals("tool-loop") || s.equals("hosted-tool")) {
                    for (Fault f : Fault.values()) {
                        if (f == Fault.DROP_HISTORY || f == Fault.KEEP_PARTIAL) continue; // tested in ConversationsTest
                        if (f != Fault.NONE && !(f == Fault.STREAM_LOSES_PHASE && !stream)) list.add(Arguments.of(s, f, stream));
                    }
                } else {
                    list.add(Arguments.of(s, Fault.DROP_PHASE, stream));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1} stream={2}")
    @MethodSource("cases")
    void theRightVerdictForEveryClient(String id, Fault fault, boolean stream) throws Exception {
        Scenario scenario = Scenario.builtIn(id);
        try (Simulator server = Simulator.start(scenario)) {
            new ReferenceClient(server.openAiBaseUrl(), fault, stream)
                    .run(scenario.model(), scenario.turns(), id.equals("reasoning-stateless"));
            int faults = (int) scenario.faults().stream().filter(java.util.Objects::nonNull).count();
            assertEquals(scenario.turns() + faults, server.exchanges(), "every turn was served (and each scripted fault once)");
            assertEquals(1, server.conversations().size());
            assertTrue(server.conversations().get(0).completed());
            LintResult result = server.lint(linter, id);
            Set<String> rules = result.findings().stream().filter(f -> f.severity().atLeast(Severity.WARNING))
                    .map(Finding::rule).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(expected(id, fault)), rules, () -> result.findings().stream()
                    .map(f -> f.rule() + " " + f.pointer() + ": " + f.message()).collect(Collectors.joining("\n")));
            if (fault == Fault.NONE) {
                assertTrue(result.findings().stream().noneMatch(f -> f.rule().equals("nothing-checked")),
                        "a conformant multi-turn run exercises the replay rules");
            }
        }
    }
}
