package dev.phasecheck.rules.read;

import java.io.IOException;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A go-vcr cassette (v2 to v4; the file says {@code version: 2}, or 1 for go-vcr v1): YAML with
 * {@code interactions:} whose {@code request} has {@code url}, {@code method}, {@code body} and
 * {@code headers}, and whose {@code response} has {@code body}, {@code headers}, {@code code} and
 * {@code status} ({@code "200 OK"}). A body Go's transport already decompressed
 * ({@code uncompressed: true}) is read as it is.
 */
public final class GoVcrReader implements Cassettes.Format {
    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public GoVcrReader(ObjectMapper json, ObjectMapper yaml) {
        this.json = json;
        this.yaml = yaml;
    }

    public void read(Path path, String file, TranscriptSink sink) throws IOException {
        Cassettes.read(path, file, arrayField(), first -> this, json, yaml, sink);
    }

    /** True when an interaction has go-vcr's shape ({@code request.url}) rather than vcrpy's ({@code request.uri}). */
    static boolean isGoVcr(JsonNode interaction) {
        JsonNode req = interaction.path("request");
        return req.has("url") && !req.has("uri");
    }

    @Override
    public String arrayField() {
        return "interactions";
    }

    @Override
    public String name() {
        return "go-vcr cassette";
    }

    @Override
    public Recording.Interaction interaction(JsonNode node) {
        JsonNode req = node.get("request");
        if (req == null || !req.isObject()) throw new Recording.BadInteraction("", "it has no \"request\" mapping");
        String method = Recording.string(req.get("method"));
        String url = Recording.string(req.get("url"));
        Recording.Body request = Recording.scalarBody(req.get("body"), "/request");
        String requestEncoding = Recording.header(req.get("headers"), "Content-Encoding");
        JsonNode resp = node.get("response");
        if (resp == null || resp.isNull()) {
            return new Recording.Interaction(method, url, null, request, requestEncoding, false, null, null, null);
        }
        if (!resp.isObject()) throw new Recording.BadInteraction("", "\"response\" must be a mapping, found " + Readers.kind(resp));
        Integer code = Recording.integer(resp.get("code"));
        if (code == null) code = Recording.integer(resp.get("status"));
        JsonNode headers = resp.get("headers");
        boolean uncompressed = resp.path("uncompressed").asBoolean(false);
        return new Recording.Interaction(method, url, code, request, requestEncoding, true,
                Recording.scalarBody(resp.get("body"), "/response"),
                uncompressed ? null : Recording.header(headers, "Content-Encoding"),
                Recording.header(headers, "Content-Type"));
    }
}
