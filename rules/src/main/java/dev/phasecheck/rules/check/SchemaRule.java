package dev.phasecheck.rules.check;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.phasecheck.rules.api.Emitter;
import dev.phasecheck.rules.api.ExchangeCheck;
import dev.phasecheck.rules.json.Pointer;
import dev.phasecheck.rules.api.Rule;
import dev.phasecheck.rules.api.RuleDef;
import dev.phasecheck.rules.api.Severity;
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

    /** Items known valid per transcript are remembered by fingerprint, up to this many. */
    static final int MEMO_LIMIT = 1 << 21;

    private final Schema request;
    private final Schema response;
    private final Schema inputItem;
    private final Schema outputItem;

    /**
     * Per transcript: fingerprints of envelopes and items already validated without error. An
     * output item that passed is also a valid input item (the output-item schema is the input-item
     * schema plus more), so a verbatim replay is never validated twice.
     */
    static final class Memo implements Emitter.Memo {
        final dev.phasecheck.rules.json.LongSet validInput = new dev.phasecheck.rules.json.LongSet(MEMO_LIMIT);
        final dev.phasecheck.rules.json.LongSet validOutput = new dev.phasecheck.rules.json.LongSet(MEMO_LIMIT);
        final dev.phasecheck.rules.json.LongSet validEnvelopes = new dev.phasecheck.rules.json.LongSet(MEMO_LIMIT);
    }

    private final SchemaShape shape;

    public SchemaRule() {
        Map<String, String> texts = new HashMap<>();
        for (String f : FILES) texts.put(BASE + f, resource(f));
        tools.jackson.databind.ObjectMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        Map<String, JsonNode> docs = new HashMap<>();
        for (String f : FILES) docs.put(f, json.readTree(texts.get(BASE + f)));
        this.shape = new SchemaShape(docs);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(texts));
        this.request = registry.getSchema(SchemaLocation.of(BASE + "responses-request.schema.json"));
        this.response = registry.getSchema(SchemaLocation.of(BASE + "responses-response.schema.json"));
        this.inputItem = registry.getSchema(SchemaLocation.of(BASE + "responses-common.schema.json#/$defs/item"));
        this.outputItem = registry.getSchema(SchemaLocation.of(BASE + "responses-common.schema.json#/$defs/outputItem"));
        for (Schema sc : List.of(request, response, inputItem, outputItem)) sc.initializeValidators();
    }

    /** The property names whose values the schemas constrain (for tests). */
    java.util.Set<String> shapeNames() {
        return shape.valueSensitiveNames();
    }

    private static String resource(String name) {
        try (InputStream in = SchemaRule.class.getResourceAsStream("/dev/phasecheck/rules/schema/" + name)) {
            if (in == null) throw new IllegalStateException("missing schema resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /*
     * A stateless agent loop resends its whole history on every turn, so validating each request
     * whole is quadratic. The envelope is validated with its item array emptied, then each item
     * on its own against the same definitions; an item whose fingerprint was already found valid
     * in this transcript is not validated again. The findings are the same as validating whole.
     */
    @Override
    public void check(Exchange ex, Emitter out) {
        if (ex.endpoint() != Endpoint.RESPONSES) return;
        Memo memo = out.state(Memo.class, Memo::new);
        validateBody(ex, out, memo, request, inputItem, false, ex.request(), "input", "/request", "request");
        if (ex.response() != null && isResponseObject(ex.response())) {
            validateBody(ex, out, memo, response, outputItem, true, ex.response(), "output", "/response", "response");
        } else if (ex.stream() != null && !ex.stream().isChat() && ex.stream().terminal() != null) {
            SseEvent t = ex.stream().terminal();
            JsonNode body = t.data().get("response");
            if (body != null && body.isObject()) {
                validateBody(ex, out, memo, response, outputItem, true, body, "output",
                        "/response_sse/" + t.index() + "/response", "streamed response");
            }
        }
    }

    private void validateBody(Exchange ex, Emitter out, Memo memo, Schema envelope, Schema itemSchema, boolean output,
                              JsonNode body, String itemsField, String base, String what) {
        JsonNode items = body.get(itemsField);
        if (items == null || !items.isArray() || !body.isObject()) {
            validate(ex, out, envelope, body, base, what);
            return;
        }
        tools.jackson.databind.node.ObjectNode shell = ((tools.jackson.databind.node.ObjectNode) body).objectNode();
        for (java.util.Map.Entry<String, JsonNode> e : body.properties()) {
            shell.set(e.getKey(), e.getKey().equals(itemsField) ? shell.arrayNode() : e.getValue());
        }
        long shellFp = shape.fingerprint(shell) ^ (output ? 1 : 2);
        if (!memo.validEnvelopes.contains(shellFp) && validate(ex, out, envelope, shell, base, what)) {
            memo.validEnvelopes.add(shellFp);
        }
        for (int k = 0; k < items.size(); k++) {
            JsonNode item = items.get(k);
            long fp = shape.fingerprint(item);
            if (memo.validOutput.contains(fp) || (!output && memo.validInput.contains(fp))) continue;
            if (validate(ex, out, itemSchema, item, base + "/" + itemsField + "/" + k, what)) {
                (output ? memo.validOutput : memo.validInput).add(fp);
            }
        }
    }

    /** Error bodies ({@code {"error": ...}} without output) are not response objects. */
    private static boolean isResponseObject(JsonNode body) {
        JsonNode err = body.get("error");
        return body.has("output") || err == null || err.isNull();
    }

    /** Validates and reports; true when there was no error. */
    private boolean validate(Exchange ex, Emitter out, Schema schema, JsonNode node, String base, String what) {
        List<Error> errors = schema.validate(node, ctx -> ctx.executionConfig(b -> b
                .annotationCollectionEnabled(false)   // no unevaluated* keywords here; collecting is costly
                .formatAssertionsEnabled(false)
                .locale(java.util.Locale.ENGLISH)));   // the same messages on every machine
        for (Error e : errors) {
            String pointer = base + Pointer.of(e.getInstanceLocation());
            String message = e.getMessage();
            String loc = String.valueOf(e.getInstanceLocation());
            if (message.startsWith(loc + ": ")) message = message.substring(loc.length() + 2);
            out.at(ex).pointer(pointer)
                    .message(what + " breaks the Responses schema at " + pointer + ": " + message)
                    .value(e.getInstanceNode() != null && e.getInstanceNode().isValueNode() ? e.getInstanceNode() : null)
                    .report(this);
        }
        return errors.isEmpty();
    }
}
