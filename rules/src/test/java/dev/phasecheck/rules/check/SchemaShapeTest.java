package dev.phasecheck.rules.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.engine.Config;
import dev.phasecheck.rules.engine.Linter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The schema memo's fingerprint conflates only what the schemas cannot tell apart. */
class SchemaShapeTest {
    private final ObjectMapper json = JsonMapper.builder().build();

    private SchemaShape shape() {
        return new SchemaShape(Map.of(
                "a.json", json.readTree("""
                        {"properties": {"type": {"enum": ["x", "y"]}, "role": {"$ref": "#/$defs/role"},
                                        "text": {"type": "string"}, "items": {"type": "array", "items": {"$ref": "#/$defs/obj"}},
                                        "count": {"type": "integer"}, "level": {"minimum": 3}},
                         "$defs": {"role": {"const": "assistant"}, "obj": {"type": "object", "properties": {"kind": {"const": "k"}}}}}
                        """)));
    }

    @Test
    void valueSensitiveNamesComeFromTheSchemas() {
        assertEquals(java.util.Set.of("type", "role", "kind", "level"), shape().valueSensitiveNames());
    }

    @Test
    void freeTextAndNumbersUnderOtherNamesAreConflatedButConstrainedValuesAreNot() {
        SchemaShape s = shape();
        JsonNode a = json.readTree("{\"type\":\"x\",\"text\":\"hello\",\"count\":1}");
        JsonNode b = json.readTree("{\"type\":\"x\",\"text\":\"a completely different and much longer text\",\"count\":99}");
        assertEquals(s.fingerprint(a), s.fingerprint(b), "only free text and the integer's value differ");
        assertNotEquals(s.fingerprint(a), s.fingerprint(json.readTree("{\"type\":\"y\",\"text\":\"hello\",\"count\":1}")));
        assertNotEquals(s.fingerprint(a), s.fingerprint(json.readTree("{\"type\":\"x\",\"text\":7,\"count\":1}")), "a type change");
        assertNotEquals(s.fingerprint(a), s.fingerprint(json.readTree("{\"type\":\"x\",\"text\":\"hello\",\"count\":1.5}")),
                "integer versus number");
        assertNotEquals(s.fingerprint(a), s.fingerprint(json.readTree("{\"type\":\"x\",\"count\":1}")), "a missing key");
        assertNotEquals(s.fingerprint(json.readTree("{\"level\":3}")), s.fingerprint(json.readTree("{\"level\":2}")));
    }

    @Test
    void theRealSchemasSeeTypeAndRoleButNotFreeText() {
        java.util.Set<String> names = new SchemaRule().shapeNames();
        assertTrue(names.containsAll(java.util.Set.of("type", "role")), names.toString());
        for (String free : java.util.List.of("content", "text", "output", "arguments", "encrypted_content", "id", "model")) {
            assertFalse(names.contains(free), free + " must not be value-sensitive: " + names);
        }
    }

    @Test
    void aMemoisedShapeDoesNotHideALaterFault() {
        // the same assistant message shape validated fine first; a later one with input_text must still fail
        String ok = "{\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"one\"}]}";
        String bad = "{\"role\":\"assistant\",\"content\":[{\"type\":\"input_text\",\"text\":\"one\"}]}";
        String t = "{\"request\":{\"model\":\"gpt-5.4\",\"input\":[" + ok + "]}}\n"
                + "{\"request\":{\"model\":\"gpt-5.4\",\"input\":[" + ok + "," + bad + "]}}\n";
        var r = new Linter(Config.defaults()).lintJsonl(new ByteArrayInputStream(t.getBytes(StandardCharsets.UTF_8)), "t");
        assertEquals(1, r.findings().stream().filter(f -> f.rule().equals("schema")).count());
        assertEquals("/request/input/1/content/0/type",
                r.findings().stream().filter(f -> f.rule().equals("schema")).findFirst().orElseThrow().pointer());
    }
}
