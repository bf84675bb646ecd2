package dev.phasecheck.cli;

import dev.phasecheck.client.ConformantClient;
import dev.phasecheck.client.Conversation;
import dev.phasecheck.client.Plan;
import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.relay.Leg;
import dev.phasecheck.rules.relay.RelayJudge;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.ScenarioException;
import dev.phasecheck.server.Simulator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Test a proxy or gateway in the middle: drive it with phasecheck's conformant client, judge both legs.",
                "Start the simulated server as its upstream, start COMMAND "
                + "(the proxy) with PHASECHECK_UPSTREAM_URL and OPENAI_BASE_URL set to the upstream's /v1 base URL "
                + "(OPENROUTER_BASE_URL to its /api/v1), wait until --proxy-url accepts connections, play the scenario "
                + "through it with phasecheck's conformant client (every conversation streamed and not), then judge both "
                + "legs: what the proxy lost or changed on the way (relay-* rules, with the direction), and the ordinary "
                + "rules on what it forwarded upstream.",
                "When it ends (or phasecheck is interrupted), COMMAND and every process it started are stopped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on",
                "1:findings at or above --fail-on, or the proxy did not start, exited early, answered a request with "
                        + "an error status, or forwarded nothing for a request (said plainly)",
                "2:usage or configuration error, or an internal error of phasecheck"})
public final class ProxyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ReportOptions options;

    @Option(names = "--scenario", required = true, paramLabel = "ID_OR_FILE",
            description = "A built-in scenario id (see 'phasecheck scenarios') or a scenario file (YAML or JSON).")
    String scenario;

    @Option(names = "--proxy-url", required = true, paramLabel = "URL",
            description = "The proxy's own base URL, ending in /v1 or /api/v1 (e.g. http://127.0.0.1:4000/v1).")
    String proxyUrl;

    @Option(names = "--startup-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for --proxy-url to accept connections (default: ${DEFAULT-VALUE}).")
    long startupTimeout;

    @Option(names = "--stream", paramLabel = "on|off|both", defaultValue = "both",
            description = "Play each conversation streamed (on), not streamed (off) or both (default: ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--api-key", paramLabel = "KEY", description = "The key the client sends the proxy (default: a dummy).")
    String apiKey;

    @Option(names = "--header", paramLabel = "NAME:VALUE",
            description = "Also send this header with every request to the proxy (a gateway's routing headers); "
                    + "'{upstream}' in VALUE is replaced by the upstream's /v1 base URL. Repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long one request through the proxy may take (default: ${DEFAULT-VALUE}).")
    long requestTimeout;

    @Option(names = "--record-dir", paramLabel = "DIR",
            description = "Write both legs as native JSONL: DIR/client.jsonl (what the client sent and got) and "
                    + "DIR/upstream.jsonl (what the proxy forwarded and the upstream answered).")
    Path recordDir;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The proxy to run, after '--'.")
    List<String> command;

    private static final String NAME = "phasecheck proxy";

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ReportOptions.Prepared run = options.prepare();
            List<Boolean> modes = modes(stream);
            URI proxy = proxyUri(proxyUrl);
            if (startupTimeout <= 0) throw new ConfigException("--startup-timeout must be positive");
            if (requestTimeout <= 0) throw new ConfigException("--request-timeout must be positive");
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon <= 0 || !h.substring(0, colon).strip().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                    throw new ConfigException("--header: '" + h + "' must be NAME:VALUE, e.g. x-portkey-provider:openai");
                }
            }
            Scenario s;
            try {
                s = Scenario.load(scenario);
            } catch (ScenarioException e) {
                throw new ConfigException("--scenario: " + e.getMessage());
            }
            try (Simulator sim = Simulator.start(s)) {
                err.println(NAME + ": scenario " + s.id() + "; upstream (simulated) on " + sim.openAiBaseUrl()
                        + "; proxy under test at " + proxyUrl);
                err.flush();
                Session session = new Session(sim, s, proxy, modes);
                List<String> problems = session.play(run.linter());
                return report(run, session, problems);
            }
        } catch (ConfigException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(NAME + ": interrupted");
            return ExitCodes.FINDINGS;
        }
    }

    static List<Boolean> modes(String stream) throws ConfigException {
        return switch (stream == null ? "" : stream.toLowerCase(Locale.ROOT)) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> List.of(false, true);
            default -> throw new ConfigException("--stream: '" + stream + "' must be on, off or both");
        };
    }

    private static URI proxyUri(String url) throws ConfigException {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--proxy-url: '" + url + "' is not a URL");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new ConfigException("--proxy-url: '" + url + "' must be an http:// or https:// URL with a host");
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
        if (!path.endsWith("/v1")) {
            throw new ConfigException("--proxy-url: '" + url + "' must be the proxy's base URL, ending in /v1 or /api/v1");
        }
        return u;
    }

    /** One run: the upstream, the proxy process, and both legs as they are recorded. */
    private final class Session {
        final Simulator sim;
        final Scenario scenario;
        final URI proxy;
        final List<Boolean> modes;
        final List<ObjectNode> client = new ArrayList<>();
        final List<ObjectNode> upstream = new ArrayList<>();
        /** conversation key → [first upstream index, end) */
        final Map<String, int[]> upstreamRanges = new LinkedHashMap<>();
        LintResult result;

        Session(Simulator sim, Scenario scenario, URI proxy, List<Boolean> modes) {
            this.sim = sim;
            this.scenario = scenario;
            this.proxy = proxy;
            this.modes = modes;
        }

        List<String> play(Linter linter) throws InterruptedException, ConfigException {
            PrintWriter err = spec.commandLine().getErr();
            List<String> problems = new ArrayList<>();
            if (accepts()) {
                // something else already listens there: phasecheck would test it instead of COMMAND
                throw new ConfigException("--proxy-url " + proxyUrl + " already accepts connections before COMMAND is started: "
                        + "another process listens on that port; stop it, or give the proxy another port");
            }
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(sim.environment());
            pb.environment().put("PHASECHECK_UPSTREAM_URL", sim.openAiBaseUrl());
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
            String shown = "'" + String.join(" ", command) + "'";
            ProcessTree tree;
            try {
                tree = ProcessTree.start(pb, () -> {
                    err.println(NAME + ": stopped by a signal; stopping " + shown + " and every process it started");
                    err.flush();
                });
            } catch (IOException e) {
                throw new ConfigException("cannot run " + shown + ": " + e.getMessage());
            }
            try (tree) {
                Process p = tree.process();
                Thread out = pump(p.getInputStream(), err);
                Thread errPump = pump(p.getErrorStream(), err);
                String startup = awaitStartup(p, shown);
                if (startup != null) {
                    problems.add(startup);
                } else {
                    drive(problems, p, shown);
                }
                boolean exitedEarly = !p.isAlive();
                int stopped = tree.stop();
                out.join(5000);
                errPump.join(5000);
                if (exitedEarly && startup == null) {
                    problems.add("the proxy " + shown + " exited early (status " + p.exitValue() + ") while it was being tested");
                }
                if (stopped > 0) {
                    err.println(NAME + ": stopped the proxy " + shown + " (" + stopped + " process" + (stopped == 1 ? "" : "es")
                            + ", with every process it started)");
                }
            }
            judge(linter, problems);
            return problems;
        }

        /** True when --proxy-url's host and port accept a TCP connection now. */
        private boolean accepts() {
            int port = proxy.getPort() != -1 ? proxy.getPort() : "https".equals(proxy.getScheme()) ? 443 : 80;
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress(proxy.getHost(), port), 500);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }

        /** Null when the proxy accepts connections in time, else what went wrong. */
        private String awaitStartup(Process p, String shown) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(startupTimeout).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    return "the proxy " + shown + " did not start: it exited with status " + p.exitValue()
                            + " before " + proxyUrl + " accepted a connection";
                }
                if (accepts()) return null;
                Thread.sleep(100);
            }
            return "the proxy " + shown + " did not start: " + proxyUrl + " accepted no connection within " + startupTimeout + " s";
        }

        private void drive(List<String> problems, Process p, String shown) throws InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> extra = new LinkedHashMap<>();
            for (String h : headers) {
                int colon = h.indexOf(':');
                extra.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip().replace("{upstream}", sim.openAiBaseUrl()));
            }
            ConformantClient c = new ConformantClient(proxyUrl, apiKey == null ? "sk-phasecheck-dummy-key" : apiKey,
                    Duration.ofSeconds(requestTimeout), 2, extra);
            int n = 0;
            for (boolean streamed : modes) {
                String key = "pc-" + (++n) + (streamed ? "-stream" : "-json");
                // each conversation carries its own key (metadata and header); the simulator routes it to a
                // conversation of its own, and, should the proxy strip the key, by what it replays
                int[] range = {upstream.size(), upstream.size()};
                upstreamRanges.put(key, range);
                int[] seen = {sim.exchanges()};
                Conversation conv = c.play(Plan.scenario(key, scenario.model(), scenario.turns(), streamed), exchange -> {
                    List<JsonNode> journal = sim.journal();
                    for (int i = seen[0]; i < journal.size(); i++) {
                        ObjectNode u = (ObjectNode) journal.get(i);
                        u.put("conversation", key);
                        u.put("turn", exchange.path("turn").asInt());
                        upstream.add(u);
                    }
                    seen[0] = journal.size();
                    range[1] = upstream.size();
                    client.add(exchange);
                });
                err.println(NAME + ": conversation " + key + ": " + conv.exchanges().size() + " request"
                        + (conv.exchanges().size() == 1 ? "" : "s") + " through the proxy"
                        + (conv.problem() == null ? "" : "; stopped: " + conv.problem()));
                err.flush();
                if (conv.problem() != null) problems.add("conversation " + key + " " + conv.problem());
                if (!p.isAlive()) break;
            }
            errorStatuses(problems);
        }

        /** An error the proxy answered that the upstream did not give it is the proxy's. */
        private void errorStatuses(List<String> problems) {
            for (int i = 0; i < client.size(); i++) {
                ObjectNode e = client.get(i);
                int status = e.path("status").asInt(0);
                if (status < 400 && e.has("status")) continue;
                String key = e.path("conversation").asString();
                int turn = e.path("turn").asInt();
                ObjectNode last = null;
                for (ObjectNode u : upstream) {
                    if (u.path("conversation").asString().equals(key) && u.path("turn").asInt() == turn) last = u;
                }
                if (last != null && last.path("status").asInt() == status) continue; // relayed the upstream's own answer
                String what = e.has("status") ? "answered HTTP " + status : "gave no answer (" + e.path("error").asString("") + ")";
                problems.add("the proxy " + what + " to request " + (turn + 1) + " of conversation " + key
                        + " (" + clientName() + " exchange " + i + ")");
            }
        }

        private void judge(Linter linter, List<String> problems) {
            String cn = clientName();
            String un = upstreamName();
            RelayJudge.Judgement j = new RelayJudge(linter.config()).judge(new Leg(cn, new ArrayList<JsonNode>(client)),
                    new Leg(un, new ArrayList<JsonNode>(upstream)));
            for (String u : j.unpaired()) {
                // only a successful answer without a forwarded request is unjudgeable; errors are reported above
                problems.add("the proxy forwarded nothing upstream for " + u + ": that turn could not be judged");
            }
            List<Finding> findings = new ArrayList<>(j.findings());
            // the ordinary rules on the upstream leg, linted as 'phasecheck lint upstream.jsonl' would lint it
            // (response ids are unique across the conversations, so replays match within their own)
            LintResult ordinary = linter.lintExchanges(un, new ArrayList<JsonNode>(upstream));
            int unreadable = ordinary.unreadable();
            for (Finding f : ordinary.findings()) {
                String conv = null;
                for (Map.Entry<String, int[]> r : upstreamRanges.entrySet()) {
                    if (f.index() != null && f.index() >= r.getValue()[0] && f.index() < r.getValue()[1]) conv = r.getKey();
                }
                findings.add(conv == null ? f : f.withConversation(conv));
            }
            findings.sort(Finding.ORDER);
            result = new LintResult(List.of(new FileSummary(cn, client.size(), 0), new FileSummary(un, upstream.size(), unreadable)),
                    findings);
        }

        String clientName() {
            return recordDir == null ? "client.jsonl" : recordDir.resolve("client.jsonl").toString();
        }

        String upstreamName() {
            return recordDir == null ? "upstream.jsonl" : recordDir.resolve("upstream.jsonl").toString();
        }
    }

    private int report(ReportOptions.Prepared run, Session session, List<String> problems) {
        PrintWriter err = spec.commandLine().getErr();
        if (recordDir != null) {
            try {
                writeJsonl(recordDir.resolve("client.jsonl"), session.client);
                writeJsonl(recordDir.resolve("upstream.jsonl"), session.upstream);
            } catch (IOException e) {
                err.println(NAME + ": --record-dir " + recordDir + ": cannot write: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        String untested = problems.isEmpty() ? null
                : "the proxy was not fully tested: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " (see above)";
        int code = run.report(spec, session.result, untested);
        for (String p : problems) err.println(NAME + ": " + p);
        err.flush();
        if (code == ExitCodes.USAGE) return code;
        return problems.isEmpty() ? code : Math.max(code, ExitCodes.FINDINGS);
    }

    static void writeJsonl(Path file, List<? extends JsonNode> exchanges) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        var json = JsonMapper.builder().build();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (JsonNode e : exchanges) {
                w.write(json.writeValueAsString(e));
                w.write('\n');
            }
        }
    }

    private static Thread pump(InputStream in, PrintWriter to) {
        return ProcessTree.pump(in, to, "phasecheck-proxy-output");
    }
}
