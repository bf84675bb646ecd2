package dev.phasecheck.rules.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BomAndEndpointTest {
    @Test
    void theMarkIsSkippedOnlyWhereItIs() throws Exception {
        byte[] marked = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertEquals(3, Bom.length(marked, 0, marked.length));
        assertEquals(0, Bom.length(marked, 1, marked.length - 1));
        assertEquals(0, Bom.length(marked, 0, 2), "cut short, it is no mark");
        assertEquals("{}", new String(Bom.skip(new ByteArrayInputStream(marked)).readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("{}", new String(Bom.skip(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))).readAllBytes(),
                StandardCharsets.UTF_8));
        assertEquals("a", Bom.skip("\uFEFFa"));
        assertEquals("a", Bom.skip("\u00EF\u00BB\u00BFa"));
        assertEquals("a\uFEFF", Bom.skip("a\uFEFF"));
    }

    @Test
    void whatAPostCreates() {
        assertEquals(Endpoint.RESPONSES, Endpoint.creating("/v1/responses/?stream=true"));
        assertEquals(Endpoint.CHAT_COMPLETIONS, Endpoint.creating("http://localhost:8080/api/v1/chat/completions#x"));
        assertEquals(Endpoint.OTHER, Endpoint.creating("/v1/responses/compact"));
        assertEquals(Endpoint.OTHER, Endpoint.creating("/v1/responses/resp_1"));
        assertEquals(Endpoint.OTHER, Endpoint.creating("/v1/models"));
        assertEquals("/v1/responses", Endpoint.path("/v1/responses//?a=b"));
    }
}
