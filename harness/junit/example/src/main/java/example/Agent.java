package example;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small coding agent on the Responses API: it sends the whole history, runs the
 * function calls it is given, and stops at a final answer. {@code keepItems} says whether it
 * replays the output items verbatim (right) or rebuilds assistant messages from their text (wrong:
 * the phase is lost).
 */
public final class Agent {
    private final String baseUrl;
    private final boolean keepItems;
    private final HttpClient http = HttpClient.newHttpClient();

    public Agent(String baseUrl, boolean keepItems) {
        this.baseUrl = baseUrl;
        this.keepItems = keepItems;
    }

    /** Runs a task to its final answer (or {@code maxTurns} model calls) and returns the transcript of items. */
    public List<String> run(String task, int maxTurns) throws IOException, InterruptedException {
        List<String> history = new ArrayList<>();
        history.add("{\"role\":\"user\",\"content\":" + quote(task) + "}");
        for (int turn = 0; turn < maxTurns; turn++) {
            String body = "{\"model\":\"gpt-5.4\",\"input\":[" + String.join(",", history) + "]}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/responses"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
            boolean called = false;
            for (String item : Json.outputItems(r.body())) {
                if (item.contains("\"type\":\"message\"") && !keepItems) {
                    history.add("{\"role\":\"assistant\",\"content\":" + quote(Json.text(item)) + "}");
                } else {
                    history.add(item);
                }
                Matcher call = Pattern.compile("\"call_id\":\"([^\"]+)\"").matcher(item);
                if (item.contains("\"type\":\"function_call\"") && call.find()) {
                    history.add("{\"type\":\"function_call_output\",\"call_id\":\"" + call.group(1) + "\",\"output\":\"ok\"}");
                    called = true;
                }
            }
            if (!called) return history;
        }
        return history;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
