package dev.phasecheck.rules.api;

import dev.phasecheck.rules.read.Exchange;

/** A rule that looks at one exchange on its own. */
public interface ExchangeCheck {
    void check(Exchange exchange, Emitter out);
}
