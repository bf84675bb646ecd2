package dev.phasecheck.cli;

import dev.phasecheck.rules.engine.ConfigException;
import dev.phasecheck.server.Scenario;
import dev.phasecheck.server.ScenarioException;
import dev.phasecheck.server.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
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

    /**
     * Starts the server; warns on {@code err} when it listens beyond loopback. A failure to bind (port
     * in use, unknown host) is a usage error; anything else is phasecheck's own and propagates.
     */
    Simulator start(Scenario s, PrintWriter err, String command) throws ConfigException {
        if (port < 0 || port > 65535) throw new ConfigException("--port: " + port + " is not a port number");
        if (eventDelayMs != null && eventDelayMs < 0) throw new ConfigException("--event-delay-ms must not be negative");
        Simulator sim;
        try {
            sim = Simulator.start(s, new Simulator.Settings(host, port, eventDelayMs));
        } catch (RuntimeException e) {
            if (!isBindFailure(e)) throw e;
            throw new ConfigException("cannot start the server on " + host + ":" + port + ": " + rootMessage(e));
        }
        if (!isLoopback(host)) {
            String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            err.println("phasecheck " + command + ": warning: listening on " + shown + ":" + sim.port()
                    + ", which is reachable from the network; it serves a dummy API (no authentication, canned answers)"
                    + " to anyone who connects");
            err.flush();
        }
        return sim;
    }

    /** Writes what the server received to the --record file. */
    void record(Simulator sim) throws ConfigException {
        try {
            sim.record(record);
        } catch (IOException e) {
            throw new ConfigException("--record " + record + ": cannot write: " + rootMessage(e));
        }
    }

    /**
     * Whether a --host value binds loopback only: {@code localhost}, or an address literal in
     * 127.0.0.0/8 or {@code ::1}. Names are not resolved: any other name counts as the network.
     */
    static boolean isLoopback(String host) {
        String h = host == null ? "" : host.strip();
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.equalsIgnoreCase("localhost")) return true;
        boolean literal = h.contains(":") || (!h.isEmpty() && h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
        if (!literal) return false;
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A failure to open the listening socket, as opposed to a bug. */
    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UnresolvedAddressException
                    || t instanceof UnsupportedAddressTypeException) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
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
