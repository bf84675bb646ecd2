package dev.phasecheck.rules.read;

import java.io.IOException;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Ruby VCR cassette (vcr gem; ruby_llm and others), YAML or JSON: {@code http_interactions:}
 * of {@code request}/{@code response}, {@code recorded_with: VCR 6.x}. {@code request.uri},
 * {@code method} (lower case), {@code request.body.string}; {@code response.status.code};
 * {@code response.body.string}, or {@code base64_string} when the exact bytes were preserved,
 * decoded by the {@code Content-Encoding} header. Psych writes binary strings as {@code !binary}.
 */
public final class RubyVcrReader implements Cassettes.Format {
    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public RubyVcrReader(ObjectMapper json, ObjectMapper yaml) {
        this.json = json;
        this.yaml = yaml;
    }

    public void read(Path path, String file, TranscriptSink sink) throws IOException {
        Cassettes.read(path, file, arrayField(), first -> this, json, yaml, sink);
    }

    @Override
    public String arrayField() {
        return "http_interactions";
    }

    @Override
    public String name() {
        return "VCR cassette";
    }

    @Override
    public Recording.Interaction interaction(JsonNode node) {
        JsonNode req = node.get("request");
        if (req == null || !req.isObject()) throw new Recording.BadInteraction("", "it has no \"request\" mapping");
        String method = Recording.string(req.get("method"));
        String url = Recording.string(req.get("uri"));
        Recording.Body request = body(req.get("body"), "/request");
        String requestEncoding = Recording.header(req.get("headers"), "Content-Encoding");
        JsonNode resp = node.get("response");
        if (resp == null || resp.isNull()) {
            return new Recording.Interaction(method, url, null, request, requestEncoding, false, null, null, null);
        }
        if (!resp.isObject()) throw new Recording.BadInteraction("", "\"response\" must be a mapping, found " + Readers.kind(resp));
        JsonNode status = resp.get("status");
        Integer code = Recording.integer(status != null && status.isObject() ? status.get("code") : status);
        JsonNode headers = resp.get("headers");
        return new Recording.Interaction(method, url, code, request, requestEncoding, true, body(resp.get("body"), "/response"),
                Recording.header(headers, "Content-Encoding"), Recording.header(headers, "Content-Type"));
    }

    /** {@code {encoding, string}} or {@code {encoding, base64_string}}. */
    private static Recording.Body body(JsonNode body, String pointer) {
        if (body == null || body.isNull()) return null;
        if (!body.isObject()) return Recording.scalarBody(body, pointer);
        JsonNode b64 = body.get("base64_string");
        if (b64 != null && b64.isString()) {
            try {
                return new Recording.Bytes(Bodies.base64(b64.asString()));
            } catch (Bodies.DecodeException e) {
                return new Recording.Broken("(base64_string) " + e.getMessage());
            }
        }
        return Recording.scalarBody(body.get("string"), pointer);
    }
}
