package dev.phasecheck.rules.engine;

/** A usage or configuration error: the run cannot start (exit code 2). */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
