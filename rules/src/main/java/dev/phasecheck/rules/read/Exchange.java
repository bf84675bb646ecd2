package dev.phasecheck.rules.read;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP exchange of a transcript, normalised: whatever the source format, pointers are into
 * the native exchange object ({@code /request/...}, {@code /response/...}, {@code /response_sse/N/...}).
 *
 * @param file     the transcript's display name
 * @param index    0-based position among the file's exchanges
 * @param line     1-based JSONL line, else null
 * @param url      the URL or path, or null
 * @param status   the HTTP status, or null
 * @param endpoint which API
 * @param request  the request body (an object)
 * @param response the non-streamed response body, or null
 * @param stream   the streamed response, or null
 * @param conversation the conversation the simulator's journal names ({@code "conversation": "c3"}), else null
 * @param connection for an exchange over a Responses WebSocket ({@code "transport": "websocket"}), the
 *                 connection it travelled on ({@code "connection"}), else null
 * @param interaction for a recording (a cassette or an httprr trace), the 0-based position of the
 *                 interaction in the file, counting every interaction (exchanges or not); else null
 */
public record Exchange(String file, int index, Integer line, String url, Integer status, Endpoint endpoint,
                       JsonNode request, JsonNode response, StreamedResponse stream, Integer interaction,
                       String connection, String conversation) {

    /** An exchange not recorded by phasecheck's own simulator (no conversation named). */
    public Exchange(String file, int index, Integer line, String url, Integer status, Endpoint endpoint,
                    JsonNode request, JsonNode response, StreamedResponse stream, Integer interaction, String connection) {
        this(file, index, line, url, status, endpoint, request, response, stream, interaction, connection, null);
    }

    /** An exchange of a recording, or of a native transcript (interaction null), not over WebSocket. */
    public Exchange(String file, int index, Integer line, String url, Integer status, Endpoint endpoint,
                    JsonNode request, JsonNode response, StreamedResponse stream, Integer interaction) {
        this(file, index, line, url, status, endpoint, request, response, stream, interaction, null, null);
    }

    /** An exchange of a transcript that is not a recording (no interaction position). */
    public Exchange(String file, int index, Integer line, String url, Integer status, Endpoint endpoint,
                    JsonNode request, JsonNode response, StreamedResponse stream) {
        this(file, index, line, url, status, endpoint, request, response, stream, null);
    }

    /** The response object: the JSON body, or the streamed terminal response. */
    public JsonNode responseBody() {
        if (response != null) return response;
        return stream == null ? null : stream.response();
    }

    /** The output items with their pointers (empty when the response was not captured or failed). */
    public List<OutputItem> outputItems() {
        if (stream != null) return stream.items();
        if (response == null) return List.of();
        JsonNode output = response.get("output");
        if (output == null || !output.isArray()) return List.of();
        OutputItem[] items = new OutputItem[output.size()];
        for (int i = 0; i < items.length; i++) items[i] = new OutputItem(output.get(i), "/response/output/" + i);
        return List.of(items);
    }

    /** The model named by the request, else by the response. */
    public String model() {
        JsonNode m = request == null ? null : request.get("model");
        if (m != null && m.isString()) return m.asString();
        JsonNode body = responseBody();
        JsonNode rm = body == null ? null : body.get("model");
        return rm != null && rm.isString() ? rm.asString() : null;
    }

    /** The model named by the response, else by the request. */
    public String responseModel() {
        JsonNode body = responseBody();
        JsonNode rm = body == null ? null : body.get("model");
        if (rm != null && rm.isString()) return rm.asString();
        return model();
    }

    /** The response's {@code id}, or null. */
    public String responseId() {
        JsonNode body = responseBody();
        JsonNode id = body == null ? null : body.get("id");
        return id != null && id.isString() ? id.asString() : null;
    }
}
