package dev.phasecheck.junit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A tiny agent for the extension's tests: a chat loop that replays output verbatim, or drops phase. */
final class ConformantAgent {
    private final String baseUrl;
    private final boolean dropPhase;
    private java.util.Map<String, String> headers = java.util.Map.of();

    ConformantAgent(String baseUrl, boolean dropPhase) {
        this.baseUrl = baseUrl;
        this.dropPhase = dropPhase;
    }

    /** Sends these headers with every request (e.g. SimulatedServer.headers()). */
    ConformantAgent headers(java.util.Map<String, String> h) {
        this.headers = h;
        return this;
    }

    void chat(int turns) throws Exception {
        var json = JsonMapper.builder().build();
        HttpClient http = HttpClient.newHttpClient();
        ArrayNode history = json.createArrayNode();
        history.addObject().put("role", "user").put("content", "Refactor the auth module");
        for (int t = 0; t < turns; t++) {
            ObjectNode req = json.createObjectNode().put("model", "gpt-5.4");
            req.set("input", history.deepCopy());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/responses"));
            headers.forEach(b::header);
            String body = http.send(b
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(req))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode item : json.readTree(body).get("output")) {
                ObjectNode copy = (ObjectNode) item.deepCopy();
                if (dropPhase) copy.remove("phase");
                history.add(copy);
            }
            history.addObject().put("role", "user").put("content", "Next");
        }
    }
}
