package dev.phasecheck.rules.check;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.phasecheck.rules.Emitter;
import dev.phasecheck.rules.ExchangeCheck;
import dev.phasecheck.rules.Pointer;
import dev.phasecheck.rules.Rule;
import dev.phasecheck.rules.RuleDef;
import dev.phasecheck.rules.Severity;
import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

@RuleDef(id = "schema", severity = Severity.ERROR,
        summary = "a Responses request or response body that breaks the API's schema for the parts phasecheck reads")
public final class SchemaRule extends Rule implements ExchangeCheck {
    static final String BASE = "https://phasecheck.dev/schema/";
    private static final String[] FILES = {
        "responses-common.schema.json", "responses-request.schema.json", "responses-response.schema.json"};

    private final Schema request;
    private final Schema response;

    public SchemaRule() {
        Map<String, String> texts = new HashMap<>();
        for (String f : FILES) texts.put(BASE + f, resource(f));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(texts));
        this.request = registry.getSchema(SchemaLocation.of(BASE + "responses-request.schema.json"));
        this.response = registry.getSchema(SchemaLocation.of(BASE + "responses-response.schema.json"));
        this.request.initializeValidators();
        this.response.initializeValidators();
    }

    private static String resource(String name) {
        try (InputStream in = SchemaRule.class.getResourceAsStream("/dev/phasecheck/rules/schema/" + name)) {
            if (in == null) throw new IllegalStateException("missing schema resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.RESPONSES) return;
        validate(ex, out, request, ex.request(), "/request", "request");
        if (ex.response() != null && isResponseObject(ex.response())) {
            validate(ex, out, response, ex.response(), "/response", "response");
        } else if (ex.stream() != null && !ex.stream().isChat() && ex.stream().terminal() != null) {
            SseEvent t = ex.stream().terminal();
            JsonNode body = t.data().get("response");
            if (body != null) {
                validate(ex, out, response, body, "/response_sse/" + t.index() + "/response", "streamed response");
            }
        }
    }

    /** Error bodies ({@code {"error": ...}} without output) are not response objects. */
    private static boolean isResponseObject(JsonNode body) {
        JsonNode err = body.get("error");
        return body.has("output") || err == null || err.isNull();
    }

    private void validate(Exchange ex, Emitter out, Schema schema, JsonNode node, String base, String what) {
        List<Error> errors = schema.validate(node);
        for (Error e : errors) {
            String pointer = base + toPointer(e.getInstanceLocation());
            String message = e.getMessage();
            String loc = String.valueOf(e.getInstanceLocation());
            if (message.startsWith(loc + ": ")) message = message.substring(loc.length() + 2);
            out.report(this, ex, pointer, what + " breaks the Responses schema at " + pointer + ": " + message,
                    e.getInstanceNode() != null && e.getInstanceNode().isValueNode() ? e.getInstanceNode() : null);
        }
    }

    static String toPointer(NodePath path) {
        if (path == null) return "";
        StringBuilder sb = new StringBuilder();
        String p = "";
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            p = el instanceof Integer n ? Pointer.append(p, n) : Pointer.append(p, String.valueOf(el));
        }
        sb.append(p);
        return sb.toString();
    }
}
