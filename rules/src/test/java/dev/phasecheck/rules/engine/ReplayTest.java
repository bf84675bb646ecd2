package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Severity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Replay matching and the replay rules, on tiny inline transcripts (the spec's example table and edges). */
class ReplayTest {
    /** Turn 1 of the spec: msg_1 commentary, msg_2 final_answer. */
    static final String T1 = """
            {"url":"/v1/responses","request":{"model":"gpt-5.4","input":[{"role":"user","content":"Refactor the auth module"}]},"response":{"id":"resp_1","object":"response","model":"gpt-5.4","status":"completed","output":[{"id":"msg_1","type":"message","role":"assistant","status":"completed","phase":"commentary","content":[{"type":"output_text","text":"I'll start by analyzing...","annotations":[]}]},{"id":"msg_2","type":"message","role":"assistant","status":"completed","phase":"final_answer","content":[{"type":"output_text","text":"Here's the refactored code...","annotations":[]}]}]}}
            """;
    static final String M1 = """
            {"id":"msg_1","type":"message","role":"assistant","status":"completed","phase":"commentary","content":[{"type":"output_text","text":"I'll start by analyzing...","annotations":[]}]}""";
    static final String M2 = """
            {"id":"msg_2","type":"message","role":"assistant","status":"completed","phase":"final_answer","content":[{"type":"output_text","text":"Here's the refactored code...","annotations":[]}]}""";

    static List<String> turn2(String items) {
        return turn2(items, "");
    }

    static List<String> turn2(String items, String extra) {
        items = items.replace("\n", "");
        String t2 = "{\"url\":\"/v1/responses\",\"request\":{\"model\":\"gpt-5.4\"" + extra
                + ",\"input\":[{\"role\":\"user\",\"content\":\"Refactor the auth module\"}" + (items.isEmpty() ? "" : ",")
                + items + ",{\"role\":\"user\",\"content\":\"Now add unit tests\"}]}}\n";
        return Lint.rows(Lint.jsonl(T1 + t2));
    }

    @Test
    void verbatimReplayIsClean() {
        assertEquals(List.of(), turn2(M1 + "," + M2));
    }

    @Test
    void keysReorderedAndStatusOmittedIsStillVerbatim() {
        assertEquals(List.of(), turn2("""
                {"content":[{"annotations":[],"text":"I'll start by analyzing...","type":"output_text"}],"phase":"commentary","role":"assistant","type":"message","id":"msg_1"},
                {"role":"assistant","phase":"final_answer","id":"msg_2","type":"message","content":[{"text":"Here's the refactored code...","type":"output_text","annotations":[]}]}"""));
    }

    @Test
    void easyInputMessagesWithStringContentAreVerbatim() {
        assertEquals(List.of(), turn2("""
                {"role":"assistant","content":"I'll start by analyzing...","phase":"commentary"},
                {"role":"assistant","content":"Here's the refactored code...","phase":"final_answer"}"""));
    }

    @Test
    void itemReferencesAndPreviousResponseIdKeepTheServerCopy() {
        assertEquals(List.of(), turn2("""
                {"type":"item_reference","id":"msg_1"},{"type":"item_reference","id":"msg_2"}"""));
        assertEquals(List.of(), turn2("", ",\"previous_response_id\":\"resp_1\""));
    }

    @Test
    void droppedAlteredOmittedMergedRolePlacement() {
        assertEquals(List.of("phase-dropped@1:/request/input/1", "phase-dropped@1:/request/input/2"),
                turn2(M1.replace(",\"phase\":\"commentary\"", "") + "," + M2.replace(",\"phase\":\"final_answer\"", "")));
        assertEquals(List.of("phase-altered@1:/request/input/1/phase"),
                turn2(M1.replace("\"commentary\"", "\"final_answer\"") + "," + M2));
        assertEquals(List.of("message-omitted@1:/request/input"), turn2(M2));
        assertEquals(List.of("message-merged@1:/request/input/1"), turn2("""
                {"role":"assistant","content":"I'll start by analyzing...\\n\\nHere's the refactored code..."}"""));
        assertEquals(List.of("phase-placement@1:/request/input/1/content/0/phase", "phase-dropped@1:/request/input/1")
                        .stream().sorted().toList(),
                turn2(M1.replace(",\"phase\":\"commentary\"", "").replace("\"annotations\":[]", "\"annotations\":[],\"phase\":\"commentary\"")
                        + "," + M2).stream().sorted().toList());
    }

    @Test
    void phaseOnTheNewUserMessageIsPhaseRole() {
        String t2 = "{\"url\":\"/v1/responses\",\"request\":{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"Refactor the auth module\"},"
                + M1 + "," + M2 + ",{\"role\":\"user\",\"content\":\"Now add unit tests\",\"phase\":\"commentary\"}]}}\n";
        assertEquals(List.of("phase-role@1:/request/input/3/phase"), Lint.rows(Lint.jsonl(T1 + t2)));
    }

    @Test
    void mergeJoinedDirectlyIsStillAMerge() {
        assertEquals(List.of("message-merged@1:/request/input/1"), turn2("""
                {"role":"assistant","phase":"commentary","content":"I'll start by analyzing...Here's the refactored code..."}"""));
    }

    @Test
    void aMergeIsNotAlsoReportedAsDroppedOrOmitted() {
        List<String> rows = turn2("""
                {"role":"assistant","content":[{"type":"output_text","text":"I'll start by analyzing..."},{"type":"output_text","text":"Here's the refactored code..."}]}""");
        assertEquals(List.of("message-merged@1:/request/input/1"), rows);
    }

    @Test
    void identicalTextsInOneResponseAreMatchedInOutputOrder() {
        String t1 = """
                {"request":{"model":"gpt-5.4","input":"go"},"response":{"id":"r1","model":"gpt-5.4","output":[{"type":"message","role":"assistant","phase":"commentary","content":[{"type":"output_text","text":"Done."}]},{"type":"message","role":"assistant","phase":"final_answer","content":[{"type":"output_text","text":"Done."}]}]}}
                """;
        String good = """
                {"request":{"model":"gpt-5.4","input":[{"role":"user","content":"go"},{"role":"assistant","content":"Done.","phase":"commentary"},{"role":"assistant","content":"Done.","phase":"final_answer"}]}}
                """;
        assertEquals(List.of(), Lint.rows(Lint.jsonl(t1 + good)));
        String swapped = good.replace("\"commentary\"", "\"X\"").replace("\"final_answer\"", "\"commentary\"").replace("\"X\"", "\"final_answer\"");
        assertEquals(List.of("phase-altered@1:/request/input/1/phase", "phase-altered@1:/request/input/2/phase"),
                Lint.rows(Lint.jsonl(t1 + swapped)));
        String onlyOne = """
                {"request":{"model":"gpt-5.4","input":[{"role":"user","content":"go"},{"role":"assistant","content":"Done.","phase":"commentary"}]}}
                """;
        assertEquals(List.of("message-omitted@1:/request/input"), Lint.rows(Lint.jsonl(t1 + onlyOne)));
    }

    @Test
    void newestResponseIsSearchedFirstAndOnlyTheNewestContinuedIsCheckedForOmissions() {
        String t1 = """
                {"request":{"model":"gpt-5.4","input":"a"},"response":{"id":"r1","model":"gpt-5.4","output":[{"id":"m1","type":"message","role":"assistant","phase":"commentary","content":[{"type":"output_text","text":"Working."}]},{"id":"m2","type":"message","role":"assistant","phase":"final_answer","content":[{"type":"output_text","text":"A."}]}]}}
                {"request":{"model":"gpt-5.4","input":[{"role":"user","content":"a"},{"id":"m1","type":"message","role":"assistant","phase":"commentary","content":[{"type":"output_text","text":"Working."}]},{"id":"m2","type":"message","role":"assistant","phase":"final_answer","content":[{"type":"output_text","text":"A."}]},{"role":"user","content":"b"}]},"response":{"id":"r2","model":"gpt-5.4","output":[{"id":"m3","type":"message","role":"assistant","phase":"final_answer","content":[{"type":"output_text","text":"B."}]}]}}
                {"request":{"model":"gpt-5.4","input":[{"role":"user","content":"b"},{"id":"m3","type":"message","role":"assistant","phase":"final_answer","content":[{"type":"output_text","text":"B."}]},{"role":"user","content":"c"}]}}
                """;
        // the third request trims the first turn away (a prefix): continues r2 only, nothing omitted, no gap
        assertEquals(List.of(), Lint.rows(Lint.jsonl(t1)));
    }

    @Test
    void previousResponseIdAndConversationNeverReportDroppedOrOmitted() {
        String dropped = M1.replace(",\"phase\":\"commentary\"", "");
        assertEquals(List.of(), turn2(dropped, ",\"previous_response_id\":\"resp_1\""));
        assertEquals(List.of(), turn2(dropped, ",\"conversation\":\"conv_1\""));
        // but a wrong value sent inline is still wrong
        assertEquals(List.of("phase-altered@1:/request/input/1/phase"),
                turn2(M1.replace("\"commentary\"", "\"final_answer\""), ",\"previous_response_id\":\"resp_1\""));
    }

    @Test
    void phaseModelAwarenessLowersOneStepForOtherModels() {
        // a model that labels its messages is a phase model whatever its name...
        String same = (T1 + turn2Line(M2)).replace("gpt-5.4", "acme-llm");
        assertEquals(List.of("message-omitted/error@1:/request/input"), Lint.all(Lint.jsonl(same)));
        // ...but a request to another model, unknown and never seen to use phase, is judged one step lower
        String t = T1.replace("gpt-5.4", "acme-llm") + turn2Line(M2).replace("gpt-5.4", "acme-mini");
        LintResult r = Lint.jsonl(t);
        assertEquals(List.of("message-omitted/warning@1:/request/input"), Lint.all(r));
        assertTrue(r.findings().get(0).message().contains("not a phase model"));
        // snapshot suffix and provider prefix still match a phase model
        assertEquals(List.of("message-omitted/error@1:/request/input"),
                Lint.all(Lint.jsonl((T1 + turn2Line(M2)).replace("\"gpt-5.4\"", "\"openai/gpt-5.4-2026-03-05\""))));
        // a user pattern makes a new model a phase model
        Config c = Config.defaults().withPhaseModels(List.of("acme-m*"));
        assertEquals(List.of("message-omitted/error@1:/request/input"), Lint.all(Lint.jsonl(c, t)));
    }

    static String turn2Line(String items) {
        return "{\"url\":\"/v1/responses\",\"request\":{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"Refactor the auth module\"},"
                + items + ",{\"role\":\"user\",\"content\":\"Now add unit tests\"}]}}\n";
    }

    @Test
    void relatedEvidenceNamesBothSides() {
        LintResult r = Lint.jsonl(T1 + turn2Line(M1.replace("\"commentary\"", "null") + "," + M2));
        Finding f = r.findings().get(0);
        assertEquals("phase-dropped", f.rule());
        assertEquals("/request/input/1", f.pointer());
        assertEquals(2, f.line());
        assertTrue(f.value().isNull(), "the value sent was null");
        assertEquals(1, f.related().size());
        Related other = f.related().get(0);
        assertEquals(0, other.index());
        assertEquals(1, other.line());
        assertEquals("/response/output/0", other.pointer());
        assertEquals("commentary", other.value().asString());
    }

    @Test
    void configTurnsRulesOffAndChangesSeverity() throws ConfigException {
        String t = T1 + turn2Line(M2);
        Config off = Config.defaults().withRule("message-omitted", null);
        assertEquals(List.of(), Lint.all(Lint.jsonl(off, t)));
        Config info = Config.defaults().withRule("message-omitted", Severity.INFO);
        assertEquals(List.of("message-omitted/info@1:/request/input"), Lint.all(Lint.jsonl(info, t)));
    }
}
