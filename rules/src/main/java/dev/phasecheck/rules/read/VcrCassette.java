package dev.phasecheck.rules.read;

import java.io.IOException;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What the VCR family of cassettes (vcrpy, Ruby VCR, go-vcr) share: a list of interactions, each a
 * {@code request} mapping (method, URL, headers, body) and a {@code response} mapping, or none.
 * Each format says where its URL, status and bodies are.
 */
abstract class VcrCassette implements Cassettes.Format {
    private final ObjectMapper json;
    private final ObjectMapper yaml;

    VcrCassette(ObjectMapper json, ObjectMapper yaml) {
        this.json = json;
        this.yaml = yaml;
    }

    public void read(Path path, String file, TranscriptSink sink) throws IOException {
        Cassettes.read(path, file, arrayField(), first -> this, json, yaml, sink);
    }

    /** The request's URL field ({@code uri} or {@code url}). */
    abstract String urlField();

    /** The request body (null when there is none). */
    abstract Recording.Body requestBody(JsonNode request);

    /** The response's HTTP status, or null. */
    abstract Integer status(JsonNode response);

    /** The response body (null when there is none). */
    abstract Recording.Body responseBody(JsonNode response);

    /** The {@code Content-Encoding} the stored response body still has (null when it was stored decoded). */
    String responseEncoding(JsonNode response) {
        return Recording.header(response.get("headers"), "Content-Encoding");
    }

    @Override
    public final Recording.Interaction interaction(JsonNode node) {
        JsonNode req = node.get("request");
        if (req == null || !req.isObject()) throw new Recording.BadInteraction("", "it has no \"request\" mapping");
        String method = Recording.string(req.get("method"));
        String url = Recording.string(req.get(urlField()));
        Recording.Body request = requestBody(req);
        String requestEncoding = Recording.header(req.get("headers"), "Content-Encoding");
        JsonNode resp = node.get("response");
        if (resp == null || resp.isNull()) {
            return new Recording.Interaction(method, url, null, request, requestEncoding, false, null, null, null);
        }
        if (!resp.isObject()) throw new Recording.BadInteraction("", "\"response\" must be a mapping, found " + Readers.kind(resp));
        return new Recording.Interaction(method, url, status(resp), request, requestEncoding, true, responseBody(resp),
                responseEncoding(resp), Recording.header(resp.get("headers"), "Content-Type"));
    }

    /** A {@code status} that is a number or a mapping with {@code code} (vcrpy, Ruby VCR). */
    static Integer statusCode(JsonNode response) {
        JsonNode status = response.get("status");
        return Recording.integer(status != null && status.isObject() ? status.get("code") : status);
    }
}
