package dev.phasecheck.rules.relay;

/**
 * A rule that judges a proxy in the middle: one request as the client sent it and as the proxy
 * forwarded it, and one response as the upstream gave it and as the client received it. Relay rules
 * never see a single transcript; the {@link RelayJudge} pairs the two legs of a proxy run and runs them.
 */
public interface RelayCheck {
    void check(RelayPair pair, RelayOut out);
}
