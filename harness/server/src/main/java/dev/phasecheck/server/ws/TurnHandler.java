package dev.phasecheck.server.ws;

import tools.jackson.databind.JsonNode;

/** The simulator's turn logic, as the WebSocket transport calls it: one text message in, a {@link Turn} out. */
@FunctionalInterface
public interface TurnHandler {
    /**
     * Answers one text message of a connection (and journals it, if it journals anything).
     *
     * @param connectionId the connection, {@code ws1}, {@code ws2}, … in the order they were accepted
     * @param path         the path the connection was opened on, e.g. {@code /v1/responses}
     * @param message      the message parsed as JSON, or a JSON string holding its raw text when it is not JSON
     *                     (see {@link ClientMessage})
     */
    Turn respond(String connectionId, String path, JsonNode message);
}
