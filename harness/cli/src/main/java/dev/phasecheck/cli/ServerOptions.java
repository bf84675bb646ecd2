package dev.phasecheck.cli;

import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.ScenarioException;
import dev.phasecheck.server.Simulator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that serve and run share (a picocli mixin). */
public final class ServerOptions {
    @Option(names = "--scenario", required = true, paramLabel = "ID_OR_FILE",
            description = "A built-in scenario id (see 'phasecheck scenarios') or a scenario file (YAML or JSON).")
    String scenario;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port to listen on (default: a free one).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--event-delay-ms", paramLabel = "MS",
            description = "Pacing of streamed events, overriding the scenario's (default: the scenario's, usually 0).")
    Integer eventDelayMs;

    @Option(names = "--record", paramLabel = "FILE", description = "Save everything the server received as native JSONL.")
    Path record;

    Scenario loadScenario() throws ConfigException {
        try {
            return Scenario.load(scenario);
        } catch (ScenarioException e) {
            throw new ConfigException("--scenario: " + e.getMessage());
        }
    }

    Simulator start(Scenario s) throws ConfigException {
        if (port < 0 || port > 65535) throw new ConfigException("--port: " + port + " is not a port number");
        if (eventDelayMs != null && eventDelayMs < 0) throw new ConfigException("--event-delay-ms must not be negative");
        try {
            return Simulator.start(s, new Simulator.Settings(host, port, eventDelayMs));
        } catch (RuntimeException e) {
            throw new ConfigException("cannot start the server on " + host + ":" + port + ": " + rootMessage(e));
        }
    }

    /** The journal's name in reports: the record file, else one named after the scenario. */
    String journalName(Scenario s) {
        return record != null ? record.toString() : "phasecheck-" + s.id() + ".jsonl";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
