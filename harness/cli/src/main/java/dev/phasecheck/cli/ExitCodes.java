package dev.phasecheck.cli;

/** The exit codes of the CLI contract. */
final class ExitCodes {
    static final int CLEAN = 0;
    static final int FINDINGS = 1;
    static final int USAGE = 2;
    /** An internal error of phasecheck: the same code as a usage error, per the contract. */
    static final int INTERNAL = 2;

    private ExitCodes() {}
}
