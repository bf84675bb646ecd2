package dev.phasecheck.server;

/** A scenario that does not exist or is not valid; the message names the file and the field. */
public class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }
}
