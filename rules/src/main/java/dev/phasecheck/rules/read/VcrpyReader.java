package dev.phasecheck.rules.read;

import java.io.IOException;
import java.nio.file.Path;
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
public final class VcrpyReader implements Cassettes.Format {
    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public VcrpyReader(ObjectMapper json, ObjectMapper yaml) {
        this.json = json;
        this.yaml = yaml;
    }

    public void read(Path path, String file, TranscriptSink sink) throws IOException {
        Cassettes.read(path, file, arrayField(), first -> this, json, yaml, sink);
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
    public Recording.Interaction interaction(JsonNode node) {
        JsonNode req = node.get("request");
        if (req == null || !req.isObject()) throw new Recording.BadInteraction("", "it has no \"request\" mapping");
        String method = Recording.string(req.get("method"));
        String url = Recording.string(req.get("uri"));
        Recording.Body request = body(req, "request");
        String requestEncoding = Recording.header(req.get("headers"), "Content-Encoding");
        JsonNode resp = node.get("response");
        if (resp == null || resp.isNull()) {
            return new Recording.Interaction(method, url, null, request, requestEncoding, false, null, null, null);
        }
        if (!resp.isObject()) throw new Recording.BadInteraction("", "\"response\" must be a mapping, found " + Readers.kind(resp));
        JsonNode status = resp.get("status");
        Integer code = Recording.integer(status != null && status.isObject() ? status.get("code") : status);
        JsonNode headers = resp.get("headers");
        return new Recording.Interaction(method, url, code, request, requestEncoding, true, body(resp, "response"),
                Recording.header(headers, "Content-Encoding"), Recording.header(headers, "Content-Type"));
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
