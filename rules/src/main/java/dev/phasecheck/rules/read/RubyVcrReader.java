package dev.phasecheck.rules.read;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Ruby VCR cassette (vcr gem; ruby_llm and others), YAML or JSON: {@code http_interactions:}
 * of {@code request}/{@code response}, {@code recorded_with: VCR 6.x}. {@code request.uri},
 * {@code method} (lower case), {@code request.body.string}; {@code response.status.code};
 * {@code response.body.string}, or {@code base64_string} when the exact bytes were preserved,
 * decoded by the {@code Content-Encoding} header. Psych writes binary strings as {@code !binary}.
 */
public final class RubyVcrReader extends VcrCassette {
    public RubyVcrReader(ObjectMapper json, ObjectMapper yaml) {
        super(json, yaml);
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
    String urlField() {
        return "uri";
    }

    @Override
    Recording.Body requestBody(JsonNode request) {
        return body(request.get("body"), "/request");
    }

    @Override
    Integer status(JsonNode response) {
        return statusCode(response);
    }

    @Override
    Recording.Body responseBody(JsonNode response) {
        return body(response.get("body"), "/response");
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
