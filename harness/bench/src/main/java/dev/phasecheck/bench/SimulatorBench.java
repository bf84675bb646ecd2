package dev.phasecheck.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.Simulator;
import dev.phasecheck.server.ws.FrontListener;
import dev.phasecheck.server.ws.Turn;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * The simulator's latency: per turn, against a plain WireMock stub serving the same bytes
 * (requests interleaved A/B to cancel drift), and the time to the first SSE event of a streamed
 * turn with no pacing.
 *
 * Also: 32 conversations at once against one instance, routed by what they replay, next to 32
 * clients of a plain WireMock stub.
 *
 * <pre>java -cp harness/bench/target/phasecheck-bench.jar dev.phasecheck.bench.SimulatorBench [TURNS [TURNS_EACH]]</pre>
 */
public final class SimulatorBench {
    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        concurrent(32, args.length > 1 ? Integer.parseInt(args[1]) : 300);
        int warmup = 1000;
        Scenario scenario = Scenario.parse(scenarioYaml(turns + warmup + 10), "bench.yaml");
        String request = requestBody(false);
        HttpClient http = HttpClient.newHttpClient();
        try (Simulator sim = Simulator.start(scenario)) {
            String body = http.send(post(sim.openAiBaseUrl(), request), HttpResponse.BodyHandlers.ofString()).body();
            WireMockServer plain = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                    .gzipDisabled(true).disableRequestJournal().notifier(new ConsoleNotifier(false)));
            plain.start();
            plain.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/responses")).willReturn(WireMock.aResponse()
                    .withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
            String plainBase = "http://127.0.0.1:" + plain.port() + "/v1";
            long[] a = new long[turns];
            long[] b = new long[turns];
            for (int i = -warmup; i < turns; i++) {
                long t0 = System.nanoTime();
                http.send(post(sim.openAiBaseUrl(), request), HttpResponse.BodyHandlers.ofString());
                long t1 = System.nanoTime();
                http.send(post(plainBase, request), HttpResponse.BodyHandlers.ofString());
                long t2 = System.nanoTime();
                if (i >= 0) {
                    a[i] = t1 - t0;
                    b[i] = t2 - t1;
                }
            }
            // the front listener's pipe alone: the same stub directly and through a FrontListener, interleaved
            long[] direct = new long[turns];
            long[] piped = new long[turns];
            try (FrontListener front = FrontListener.start("127.0.0.1", 0, plain.port(), (c, p, m) -> Turn.none(), 1 << 20)) {
                String frontBase = "http://127.0.0.1:" + front.port() + "/v1";
                for (int i = -warmup; i < turns; i++) {
                    long t0 = System.nanoTime();
                    http.send(post(plainBase, request), HttpResponse.BodyHandlers.ofString());
                    long t1 = System.nanoTime();
                    http.send(post(frontBase, request), HttpResponse.BodyHandlers.ofString());
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        direct[i] = t1 - t0;
                        piped[i] = t2 - t1;
                    }
                }
            }
            plain.stop();
            System.out.printf("front listener pipe (plain HTTP, same stub): direct p50 %.2f ms p99 %.2f ms; piped p50 %.2f ms p99 %.2f ms;"
                    + " added at p99: %.2f ms (target <= 5 ms)%n", pct(direct, 50), pct(direct, 99), pct(piped, 50), pct(piped, 99),
                    pct(piped, 99) - pct(direct, 99));
            System.out.printf("per turn (%d turns, %d-byte responses):%n", turns, body.length());
            System.out.printf("  simulator    p50 %6.2f ms  p99 %6.2f ms%n", pct(a, 50), pct(a, 99));
            System.out.printf("  plain stub   p50 %6.2f ms  p99 %6.2f ms%n", pct(b, 50), pct(b, 99));
            System.out.printf("  added at p99: %.2f ms (target <= 5 ms)%n", pct(a, 99) - pct(b, 99));
        }
        // first SSE event, no pacing
        Scenario streamed = Scenario.parse(scenarioYaml(600), "bench.yaml");
        try (Simulator sim = Simulator.start(streamed)) {
            String streamRequest = requestBody(true);
            long[] first = new long[500];
            for (int i = -100; i < first.length; i++) {
                long t0 = System.nanoTime();
                HttpResponse<InputStream> r = http.send(post(sim.openAiBaseUrl(), streamRequest), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    byte[] buf = new byte[64];
                    int n = in.read(buf);
                    long t = System.nanoTime() - t0;
                    String head = n <= 0 ? "" : new String(buf, 0, n);
                    String expected = "event: response.created";
                    if (head.isEmpty() || !(head.startsWith(expected) || expected.startsWith(head))) {
                        throw new IllegalStateException("the stream does not start with response.created: " + head);
                    }
                    if (i >= 0) first[i] = t;
                    in.readAllBytes();
                }
            }
            System.out.printf("first SSE event of a streamed turn: p50 %.2f ms  p99 %.2f ms (target <= 50 ms)%n", pct(first, 50), pct(first, 99));
        }
    }

    private static HttpRequest post(String base, String body) {
        // one conversation, named by its key (the bench's request replays nothing the server gave)
        return HttpRequest.newBuilder(URI.create(base + "/responses")).header("Content-Type", "application/json")
                .header(Simulator.CONVERSATION_HEADER, "bench")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * 32 conversations at once against one simulator, each a client that routes by what it replays
     * (no key: the output items of the previous response, ids and call_ids, plus their outputs),
     * next to 32 clients sending the same bytes to a plain WireMock stub at the same time.
     */
    static void concurrent(int conversations, int turnsEach) throws Exception {
        int warmup = 30;
        Scenario scenario = Scenario.parse(scenarioYaml(turnsEach + warmup), "bench.yaml");
        HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(conversations)).build();
        tools.jackson.databind.ObjectMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        try (Simulator sim = Simulator.start(scenario)) {
            String sample = http.send(HttpRequest.newBuilder(URI.create(sim.openAiBaseUrl() + "/responses"))
                    .header(Simulator.CONVERSATION_HEADER, "sample")
                    .POST(HttpRequest.BodyPublishers.ofString(requestBody(false))).build(), HttpResponse.BodyHandlers.ofString()).body();
            WireMockServer plain = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                    .gzipDisabled(true).disableRequestJournal().notifier(new ConsoleNotifier(false)).containerThreads(64));
            plain.start();
            plain.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/responses")).willReturn(WireMock.aResponse()
                    .withStatus(200).withHeader("Content-Type", "application/json").withBody(sample)));
            String plainBase = "http://127.0.0.1:" + plain.port() + "/v1";
            long[] a = new long[conversations * turnsEach];
            long[] b = new long[conversations * turnsEach];
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(conversations);
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int c = 0; c < conversations; c++) {
                int conv = c;
                done.add(pool.submit(() -> {
                    String first = "{\"role\":\"user\",\"content\":\"Benchmark conversation " + conv + "\"}";
                    String input = "[" + first + "]";
                    for (int t = -warmup; t < turnsEach; t++) {
                        String body = "{\"model\":\"gpt-5.4\",\"input\":" + input + "}";
                        long t0 = System.nanoTime();
                        String answer = http.send(HttpRequest.newBuilder(URI.create(sim.openAiBaseUrl() + "/responses"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString()).body();
                        long t1 = System.nanoTime();
                        http.send(HttpRequest.newBuilder(URI.create(plainBase + "/responses")).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        long t2 = System.nanoTime();
                        if (t >= 0) {
                            a[conv * turnsEach + t] = t1 - t0;
                            b[conv * turnsEach + t] = t2 - t1;
                        }
                        // the next request: the user message, this response's output items verbatim, the call's output
                        tools.jackson.databind.JsonNode output = json.readTree(answer).get("output");
                        if (output == null) throw new IllegalStateException("conversation " + conv + ": " + answer);
                        StringBuilder next = new StringBuilder("[").append(first);
                        for (tools.jackson.databind.JsonNode item : output) {
                            next.append(',').append(json.writeValueAsString(item));
                            if ("function_call".equals(item.path("type").asString())) {
                                next.append(",{\"type\":\"function_call_output\",\"call_id\":\"")
                                        .append(item.get("call_id").asString()).append("\",\"output\":\"ok\"}");
                            }
                        }
                        input = next.append(']').toString();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) f.get();
            pool.shutdown();
            plain.stop();
            long served = sim.conversations().stream().filter(x -> x.key() == null).count();
            long whole = sim.conversations().stream().filter(x -> x.key() == null && x.turns() == turnsEach + warmup).count();
            System.out.printf("%d concurrent conversations, %d turns each (routed by replay, no key): %d conversations, %d got every turn%n",
                    conversations, turnsEach, served, whole);
            System.out.printf("  simulator    p50 %6.2f ms  p99 %6.2f ms%n", pct(a, 50), pct(a, 99));
            System.out.printf("  plain stub   p50 %6.2f ms  p99 %6.2f ms%n", pct(b, 50), pct(b, 99));
            System.out.printf("  added at p99: %.2f ms (target <= 5 ms)%n", pct(a, 99) - pct(b, 99));
        }
    }

    private static double pct(long[] values, int p) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)] / 1e6;
    }

    private static String scenarioYaml(int turns) {
        StringBuilder sb = new StringBuilder("id: bench\nmodel: gpt-5.4\nresponses:\n");
        for (int i = 0; i < turns; i++) {
            sb.append("  - output:\n      - {type: reasoning, summary: \"Thinking about the next step.\"}\n")
              .append("      - {type: message, phase: commentary, text: \"Running the next check of the migration now.\"}\n")
              .append("      - {type: function_call, name: run_command, call_id: call_").append(i)
              .append(", arguments: {command: \"make check\"}}\n");
        }
        return sb.toString();
    }

    private static String requestBody(boolean stream) {
        StringBuilder input = new StringBuilder("[{\"role\":\"user\",\"content\":\"Migrate the build\"}");
        for (int i = 0; i < 10; i++) {
            input.append(",{\"id\":\"msg_").append(i).append("\",\"type\":\"message\",\"role\":\"assistant\",\"phase\":\"commentary\",")
                 .append("\"content\":[{\"type\":\"output_text\",\"text\":\"Running the next check of the migration now.\",\"annotations\":[]}]}")
                 .append(",{\"type\":\"function_call\",\"id\":\"fc_").append(i).append("\",\"call_id\":\"call_").append(i)
                 .append("\",\"name\":\"run_command\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\",\"call_id\":\"call_")
                 .append(i).append("\",\"output\":\"ok\"}");
        }
        input.append("]");
        return "{\"model\":\"gpt-5.4\",\"stream\":" + stream + ",\"input\":" + input + "}";
    }

    private SimulatorBench() {}
}
