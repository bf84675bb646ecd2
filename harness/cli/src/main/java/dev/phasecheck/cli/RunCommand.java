package dev.phasecheck.cli;

import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start the simulated server, run COMMAND against it, then lint everything the server received.",
                "COMMAND gets OPENAI_BASE_URL, OPENAI_API_KEY, OPENROUTER_BASE_URL and PHASECHECK_BASE_URL."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on, and COMMAND succeeded",
                "1:findings at or above --fail-on, or COMMAND failed or timed out",
                "2:usage or configuration error"})
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
            try (Simulator sim = server.start(scenario)) {
                err.println("phasecheck run: scenario " + scenario.id() + " on " + sim.openAiBaseUrl());
                err.flush();
                String problem = runClient(sim);
                if (server.record != null) sim.record(server.record);
                LintResult result = sim.lint(run.linter(), server.journalName(scenario));
                if (sim.exchanges() == 0) {
                    err.println("phasecheck run: the server received no request: does the client use OPENAI_BASE_URL "
                            + "(or OPENROUTER_BASE_URL / PHASECHECK_BASE_URL)?");
                }
                int code = run.report(spec, result);
                if (problem != null) {
                    err.println("phasecheck run: " + problem);
                    return ExitCodes.FINDINGS;
                }
                return code;
            }
        } catch (ConfigException e) {
            err.println("phasecheck run: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("phasecheck run: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("phasecheck run: interrupted");
            return ExitCodes.FINDINGS;
        }
    }

    /** Runs the command; returns null when it exited 0, else what went wrong. */
    private String runClient(Simulator sim) throws InterruptedException, ConfigException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(sim.environment());
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ConfigException("cannot run '" + String.join(" ", command) + "': " + e.getMessage());
        }
        Thread out = pump(p.getInputStream(), spec.commandLine().getOut());
        Thread errPump = pump(p.getErrorStream(), spec.commandLine().getErr());
        boolean finished = p.waitFor(timeout, TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        out.join(5000);
        errPump.join(5000);
        if (!finished) return "'" + String.join(" ", command) + "' did not finish within " + timeout + " s; it was stopped";
        int code = p.exitValue();
        return code == 0 ? null : "'" + String.join(" ", command) + "' exited with status " + code;
    }

    /** Copies the client's output through, line by line. */
    private static Thread pump(InputStream in, PrintWriter to) {
        Thread t = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (to) {
                        to.println(line);
                        to.flush();
                    }
                }
            } catch (IOException ignored) {
                // the client went away; what it wrote so far was passed on
            }
        }, "phasecheck-client-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
