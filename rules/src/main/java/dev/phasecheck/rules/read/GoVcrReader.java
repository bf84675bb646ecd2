package dev.phasecheck.rules.read;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A go-vcr cassette (v2 to v4; the file says {@code version: 2}, or 1 for go-vcr v1): YAML with
 * {@code interactions:} whose {@code request} has {@code url}, {@code method}, {@code body} and
 * {@code headers}, and whose {@code response} has {@code body}, {@code headers}, {@code code} and
 * {@code status} ({@code "200 OK"}). A body Go's transport already decompressed
 * ({@code uncompressed: true}) is read as it is.
 */
public final class GoVcrReader extends VcrCassette {
    public GoVcrReader(ObjectMapper json, ObjectMapper yaml) {
        super(json, yaml);
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
    String urlField() {
        return "url";
    }

    @Override
    Recording.Body requestBody(JsonNode request) {
        return Recording.scalarBody(request.get("body"), "/request");
    }

    @Override
    Integer status(JsonNode response) {
        Integer code = Recording.integer(response.get("code"));
        return code != null ? code : Recording.integer(response.get("status"));
    }

    @Override
    Recording.Body responseBody(JsonNode response) {
        return Recording.scalarBody(response.get("body"), "/response");
    }

    /** A body Go's transport already decompressed ({@code uncompressed: true}) is stored decoded. */
    @Override
    String responseEncoding(JsonNode response) {
        return response.path("uncompressed").asBoolean(false) ? null : super.responseEncoding(response);
    }
}
