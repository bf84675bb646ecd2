package dev.phasecheck.cli;

import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start the simulated server, run COMMAND against it, then lint everything the server received.",
                "COMMAND gets OPENAI_BASE_URL, OPENAI_API_KEY, OPENROUTER_BASE_URL and PHASECHECK_BASE_URL.",
                "When it ends (or times out, or phasecheck is interrupted), every process it started is stopped too."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on, and COMMAND succeeded",
                "1:findings at or above --fail-on, or COMMAND failed or timed out, or it sent the server "
                        + "no request at all (nothing was tested)",
                "2:usage or configuration error, or an internal error of phasecheck"})
public final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Mixin
    ReportOptions options;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Stop COMMAND after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The client to run, after '--'.")
    List<String> command;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ReportOptions.Prepared run = options.prepare();
            if (timeout <= 0) throw new ConfigException("--timeout must be positive");
            Scenario scenario = server.loadScenario();
            try (Simulator sim = server.start(scenario, err, "run")) {
                err.println("phasecheck run: scenario " + scenario.id() + " on " + sim.openAiBaseUrl());
                err.flush();
                String problem = runClient(sim);
                if (server.record != null) server.record(sim);
                LintResult result = sim.lint(run.linter(), server.journalName(scenario));
                if (sim.exchanges() > 0) err.println("phasecheck run: " + sim.conversationSummary());
                String notTested = null;
                if (sim.exchanges() == 0) {
                    notTested = NOTHING_TESTED;
                    err.println("phasecheck run: the client sent nothing to the simulated server at " + sim.openAiBaseUrl()
                            + " (scenario " + scenario.id() + "; no request to .../responses or .../chat/completions), "
                            + "so nothing was tested: give the client OPENAI_BASE_URL (or OPENROUTER_BASE_URL / "
                            + "PHASECHECK_BASE_URL) as its base URL");
                }
                int code = run.report(spec, result, notTested);
                if (problem != null) err.println("phasecheck run: " + problem);
                err.flush();
                if (code == ExitCodes.USAGE) return code;
                return problem != null || notTested != null ? ExitCodes.FINDINGS : code;
            }
        } catch (ConfigException e) {
            err.println("phasecheck run: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("phasecheck run: interrupted");
            return ExitCodes.FINDINGS;
        }
    }

    /** What the report's summary line says when the client sent no request. */
    static final String NOTHING_TESTED = "nothing was tested: the client sent no request to the simulated server";

    /**
     * Runs the command; returns null when it exited 0, else what went wrong. Whatever happens, every
     * process the command started is stopped before this returns.
     */
    private String runClient(Simulator sim) throws InterruptedException, ConfigException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(sim.environment());
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        PrintWriter err = spec.commandLine().getErr();
        String shown = "'" + String.join(" ", command) + "'";
        ProcessTree tree;
        try {
            tree = ProcessTree.start(pb, () -> {
                err.println("phasecheck run: stopped by a signal; stopping " + shown + " and every process it started");
                err.flush();
            });
        } catch (IOException e) {
            throw new ConfigException("cannot run " + shown + ": " + e.getMessage());
        }
        try (tree) {
            Process p = tree.process();
            Thread out = pump(p.getInputStream(), spec.commandLine().getOut());
            Thread errPump = pump(p.getErrorStream(), err);
            boolean finished = tree.waitFor(Duration.ofSeconds(timeout));
            int stopped = tree.stop();
            out.join(5000);
            errPump.join(5000);
            if (!finished) return shown + " did not finish within " + timeout + " s; it was stopped, with every process it started";
            if (stopped > 0) {
                err.println("phasecheck run: " + shown + " exited but left " + stopped + " process" + (stopped == 1 ? "" : "es")
                        + " running; stopped " + (stopped == 1 ? "it" : "them"));
            }
            int code = p.exitValue();
            return code == 0 ? null : shown + " exited with status " + code;
        }
    }

    private static Thread pump(InputStream in, PrintWriter to) {
        return ProcessTree.pump(in, to, "phasecheck-client-output");
    }
}
