package dev.phasecheck.cli;

import dev.phasecheck.rules.engine.ConfigException;
import picocli.CommandLine;

/**
 * The exit codes of the CLI contract, in one place: the codes, the lines every command's help
 * lists, and the mapping of exceptions to codes (a picocli {@link CommandLine.IExitCodeExceptionMapper}).
 */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    static final int CLEAN = 0;
    static final int FINDINGS = 1;
    static final int USAGE = 2;
    /** An internal error of phasecheck: the same code as a usage error, per the contract. */
    static final int INTERNAL = 2;

    /** The help's exit-code lines (picocli annotations need constants). */
    static final String HELP_CLEAN = "0:nothing at or above --fail-on";
    static final String HELP_FINDINGS = "1:findings at or above --fail-on (not counting baselined ones)";
    static final String HELP_USAGE = "2:usage or configuration error (bad option, unknown rule id, missing path), "
            + "or an internal error of phasecheck";

    /** A usage or configuration error becomes {@link #USAGE}; anything else is phasecheck's own: {@link #INTERNAL}. */
    @Override
    public int getExitCode(Throwable t) {
        if (t instanceof ConfigException || t instanceof CommandLine.ParameterException) return USAGE;
        return INTERNAL;
    }
}
