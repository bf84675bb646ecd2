package dev.phasecheck.cli;

import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.Simulator;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the simulated server until interrupted (Ctrl-C), then lint what it received.",
                "Prints the base URL and the environment to give the client under test."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on", "1:findings at or above --fail-on",
                "2:usage or configuration error, or an internal error of phasecheck"})
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Mixin
    ReportOptions options;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop by itself after this many seconds (default: run until interrupted).")
    Long duration;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ReportOptions.Prepared run = options.prepare();
            Scenario scenario = server.loadScenario();
            CountDownLatch stop = new CountDownLatch(1);
            try (Simulator sim = server.start(scenario, err, "serve")) {
                Object handlers = trapSignals(stop);
                err.println("phasecheck serve: scenario " + scenario.id() + " (" + scenario.turns() + " turns, model "
                        + scenario.model() + ") listening on " + sim.baseUrl());
                err.println("Give the client under test this environment:");
                for (Map.Entry<String, String> e : sim.environment().entrySet()) {
                    err.println("  export " + e.getKey() + "=" + e.getValue());
                }
                err.println("Press Ctrl-C to stop and lint what was received.");
                err.flush();
                if (duration != null) stop.await(duration, TimeUnit.SECONDS);
                else stop.await();
                restore(handlers);
                if (server.record != null) server.record(sim);
                LintResult result = sim.lint(run.linter(), server.journalName(scenario));
                err.println("phasecheck serve: stopped after " + sim.exchanges() + " exchange" + (sim.exchanges() == 1 ? "" : "s")
                        + (sim.exchanges() == 0 ? "" : "; " + sim.conversationSummary()));
                err.flush();
                return run.report(spec, result);
            }
        } catch (ConfigException e) {
            err.println("phasecheck serve: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FINDINGS;
        }
    }

    /** Turns SIGINT and SIGTERM into a stop request, so the run can lint and exit with its code. */
    @SuppressWarnings("restriction")
    private static Object trapSignals(CountDownLatch stop) {
        try {
            sun.misc.SignalHandler handler = sig -> stop.countDown();
            return new Object[] {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler),
                sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler)};
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return null; // no signal support: --duration or killing the process still works
        }
    }

    @SuppressWarnings("restriction")
    private static void restore(Object handlers) {
        if (handlers instanceof Object[] h) {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), (sun.misc.SignalHandler) h[0]);
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), (sun.misc.SignalHandler) h[1]);
        }
    }
}
