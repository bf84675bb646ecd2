package dev.phasecheck.rules.read;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A vcrpy cassette (vcrpy, pytest-recording, pytest-vcr): YAML (or vcrpy's JSON serializer) with
 * {@code interactions:} of {@code request}/{@code response}. {@code request.uri} and
 * {@code method}; {@code request.body} a string, {@code !!binary} or a mapping with
 * {@code string}; {@code response.status.code}; {@code response.body.string} a string or
 * {@code !!binary}, decoded by the {@code Content-Encoding} header. pydantic-ai's serializer
 * writes a JSON body as structured YAML under {@code parsed_body} instead: that is the body.
 */
public final class VcrpyReader extends VcrCassette {
    public VcrpyReader(ObjectMapper json, ObjectMapper yaml) {
        super(json, yaml);
    }

    @Override
    public String arrayField() {
        return "interactions";
    }

    @Override
    public String name() {
        return "vcrpy cassette";
    }

    @Override
    String urlField() {
        return "uri";
    }

    @Override
    Recording.Body requestBody(JsonNode request) {
        return body(request, "request");
    }

    @Override
    Integer status(JsonNode response) {
        return statusCode(response);
    }

    @Override
    Recording.Body responseBody(JsonNode response) {
        return body(response, "response");
    }

    /** {@code parsed_body} (a JSON value as YAML), else {@code body} as a scalar or a mapping with {@code string}. */
    static Recording.Body body(JsonNode side, String name) {
        JsonNode parsed = side.get("parsed_body");
        if (parsed != null && !parsed.isNull()) return new Recording.Parsed(parsed);
        JsonNode body = side.get("body");
        if (body != null && body.isObject()) body = body.get("string");
        return Recording.scalarBody(body, "/" + name);
    }
}
