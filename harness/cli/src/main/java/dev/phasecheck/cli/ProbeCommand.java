package dev.phasecheck.cli;

import dev.phasecheck.client.ConformantClient;
import dev.phasecheck.client.Conversation;
import dev.phasecheck.client.Plan;
import dev.phasecheck.client.StreamAssembly;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.check.Probes;
import dev.phasecheck.rules.engine.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Test a live Responses API server (or gateway) at the end with phasecheck's conformant client.",
                "The client asks --model "
                + "to comment, call the run_command tool, get its output and answer, then sends a follow-up user message, "
                + "replaying every output item verbatim; streamed and not. It judges what the server returned: an assistant "
                + "message of a phase model without phase (response-phase-missing, an error here), conflicting phases in a "
                + "stream, invalid or misplaced phases, and an error status to a request that replays the server's own "
                + "items with phase (probe-replay-rejected).",
                "Requests: at most --max-requests (default 8), split between the runs: each run sends the task, one request "
                        + "per tool round and the follow-up, usually 3, so 6 in all with --stream both (3 with on or off). "
                        + "Failed requests are not retried. Each request is a billed model call on a real API.",
                "The key is read from the environment variable named by --api-key-env and is never printed or written."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on",
                "1:findings at or above --fail-on, or nothing could be tested (the first request failed), said plainly",
                "2:usage or configuration error, or an internal error of phasecheck"})
public final class ProbeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ReportOptions options;

    @Option(names = "--base-url", required = true, paramLabel = "URL",
            description = "The server's base URL, ending in /v1 or /api/v1 (e.g. https://api.openai.com/v1).")
    String baseUrl;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The model to probe.")
    String model;

    @Option(names = "--stream", paramLabel = "on|off|both", defaultValue = "both",
            description = "Probe streamed (on), not streamed (off) or both (default: ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
            description = "The environment variable that holds the API key (default: ${DEFAULT-VALUE}); unset: no key is sent.")
    String apiKeyEnv;

    @Option(names = "--max-requests", paramLabel = "N", defaultValue = "8",
            description = "Send at most N requests in all (default: ${DEFAULT-VALUE}).")
    int maxRequests;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long one request may take (default: ${DEFAULT-VALUE}).")
    long requestTimeout;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Write the exchanges as native JSONL; 'phasecheck lint FILE' gives the same findings.")
    Path record;

    private final Function<String, String> env;

    public ProbeCommand() {
        this(System::getenv);
    }

    /** With the environment read through {@code env} (tests). */
    ProbeCommand(Function<String, String> env) {
        this.env = env;
    }

    static final String TASK = "This is a phasecheck probe of the Responses API. First tell me in one short sentence what you are "
            + "about to do. Then call the run_command tool with the command `ls` to list the project directory. After you get "
            + "its output, answer in one or two sentences what the directory contains.";
    static final String FOLLOW_UP = "Thanks. In one sentence: which of those would you read first, and why?";

    private static final String NAME = "phasecheck probe";

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ReportOptions.Prepared run = options.prepare();
            List<Boolean> modes = ProxyCommand.modes(stream);
            checkBaseUrl();
            if (maxRequests < modes.size()) {
                throw new ConfigException("--max-requests " + maxRequests + " is too few: each run needs at least one request ("
                        + modes.size() + " run" + (modes.size() == 1 ? "" : "s") + " with --stream " + stream + ")");
            }
            if (requestTimeout <= 0) throw new ConfigException("--request-timeout must be positive");
            if (model.isBlank()) throw new ConfigException("--model must not be empty");
            String key = apiKeyEnv == null || apiKeyEnv.isBlank() ? null : env.apply(apiKeyEnv);
            String host = URI.create(baseUrl).getHost();
            err.println(NAME + ": server " + baseUrl + ", model " + model + "; at most " + maxRequests + " requests; key "
                    + (key == null || key.isEmpty() ? "none (" + apiKeyEnv + " is not set)" : "from $" + apiKeyEnv));
            err.flush();
            ConformantClient client = new ConformantClient(baseUrl, key, Duration.ofSeconds(requestTimeout), 0);
            List<ObjectNode> exchanges = new ArrayList<>();
            List<String> stopped = new ArrayList<>();
            int budget = maxRequests;
            int[] n = {0};
            for (int m = 0; m < modes.size(); m++) {
                boolean streamed = modes.get(m);
                int share = budget / (modes.size() - m);
                budget -= share;
                String conv = "probe-" + (streamed ? "stream" : "json");
                Plan plan = new Plan(conv, model, streamed, share, List.of(TASK, FOLLOW_UP), true, Map.of(Probes.MARKER, "true"));
                Conversation c = client.play(plan, ex -> {
                    n[0]++;
                    err.println(NAME + ": request " + n[0] + " (" + conv + ", turn " + (ex.path("turn").asInt() + 1) + "): POST "
                            + ex.path("url").asString() + " -> " + scrub(describe(ex), key));
                    err.flush();
                });
                budget += share - c.exchanges().size();
                for (ObjectNode ex : c.exchanges()) exchanges.add(scrub(ex, key));
                if (c.problem() != null) {
                    stopped.add(conv + " stopped at " + c.problem());
                    err.println(NAME + ": " + conv + " stopped at " + scrub(c.problem(), key));
                }
            }
            String name = record != null ? record.toString() : "probe-" + (host == null ? "server" : host) + ".jsonl";
            if (record != null) {
                try {
                    ProxyCommand.writeJsonl(record, exchanges);
                } catch (IOException e) {
                    throw new ConfigException("--record " + record + ": cannot write: " + e.getMessage());
                }
            }
            LintResult result = run.linter().lintExchanges(name, new ArrayList<JsonNode>(exchanges));
            boolean anyAnswer = exchanges.stream().anyMatch(e -> e.path("status").asInt(0) / 100 == 2);
            String untested = anyAnswer ? null
                    : "nothing was tested: the server answered no request successfully (check --base-url, --model and the key)";
            int code = run.report(spec, result, untested);
            err.flush();
            if (code == ExitCodes.USAGE) return code;
            return untested != null ? Math.max(code, ExitCodes.FINDINGS) : code;
        } catch (ConfigException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(NAME + ": interrupted");
            return ExitCodes.FINDINGS;
        }
    }

    /** The text with the key (should a server echo it back) replaced: the key is never printed or written. */
    static String scrub(String text, String key) {
        return key == null || key.length() < 4 || text == null ? text : text.replace(key, "[REDACTED]");
    }

    private static ObjectNode scrub(ObjectNode exchange, String key) {
        if (key == null || key.length() < 4) return exchange;
        var json = JsonMapper.builder().build();
        String text = json.writeValueAsString(exchange);
        return text.contains(key) ? (ObjectNode) json.readTree(text.replace(key, "[REDACTED]")) : exchange;
    }

    private void checkBaseUrl() throws ConfigException {
        URI u;
        try {
            u = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--base-url: '" + baseUrl + "' is not a URL");
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                || !(u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "")).endsWith("/v1")) {
            throw new ConfigException("--base-url: '" + baseUrl + "' must be an http(s) base URL ending in /v1 or /api/v1");
        }
    }

    /** "200; output: message (phase commentary), function_call run_command" */
    private static String describe(ObjectNode ex) {
        if (!ex.has("status")) return "no answer (" + ex.path("error").asString("") + ")";
        int status = ex.path("status").asInt();
        StringBuilder sb = new StringBuilder().append(status);
        List<JsonNode> output = new ArrayList<>();
        if (ex.has("response_sse")) {
            sb.append(" (stream)");
            output.addAll(StreamAssembly.parse(ex.path("response_sse").asString(), JsonMapper.builder().build()).output());
        } else if (ex.path("response").path("output").isArray()) {
            ex.path("response").path("output").forEach(output::add);
        } else if (status >= 400) {
            JsonNode msg = ex.path("response").path("error").path("message");
            if (msg.isString()) sb.append(": ").append(Printable.clip(msg.asString()));
        }
        if (!output.isEmpty()) {
            sb.append("; output: ");
            for (int i = 0; i < output.size(); i++) {
                JsonNode item = output.get(i);
                if (i > 0) sb.append(", ");
                String type = item.path("type").asString(item.has("role") ? "message" : "?");
                sb.append(type);
                if ("message".equals(type)) {
                    sb.append(" (").append(item.has("phase") ? "phase " + item.get("phase") : "no phase").append(')');
                } else if ("function_call".equals(type)) {
                    sb.append(' ').append(item.path("name").asString(""));
                }
            }
        }
        return sb.toString();
    }

    /** Keeps the server's words on one short line. */
    static final class Printable {
        static String clip(String s) {
            String t = s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
            return t.length() <= 160 ? t : t.substring(0, 157) + "...";
        }
    }
}
