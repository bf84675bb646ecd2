package dev.phasecheck.rules.check;

import dev.phasecheck.rules.read.Exchange;
import tools.jackson.databind.JsonNode;

/**
 * Exchanges of a {@code phasecheck probe}: its conformant client marks every request with
 * {@code metadata.phasecheck_probe = "true"}, so a probe's recording, linted later, is judged as
 * the probe judged it.
 */
public final class Probes {
    /** The metadata key that marks a probe's request. */
    public static final String MARKER = "phasecheck_probe";

    private Probes() {}

    public static boolean isProbe(Exchange ex) {
        JsonNode m = ex.request() == null ? null : ex.request().path("metadata").get(MARKER);
        return m != null && m.isString() && m.asString().equals("true");
    }
}
