package dev.phasecheck.rules.api;

import java.util.Locale;

/**
 * The lowest severity that fails a run ({@code error}, {@code warning}, {@code info}), or
 * {@code never}. The one parsed form of the threshold, shared by the CLI, the JUnit integration,
 * the reporters and the build plugins. Phasecheck's own internal errors fail a run whatever it says.
 *
 * @param threshold the lowest failing severity, or null for {@code never}
 */
public record FailOn(Severity threshold) {
    public static final FailOn ERROR = new FailOn(Severity.ERROR);
    public static final FailOn NEVER = new FailOn(null);

    /**
     * Parses {@code error}, {@code warning}, {@code info} or {@code never} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static FailOn parse(String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (v.equals("never")) return NEVER;
        Severity s = Severity.parse(v);
        if (s == null) throw new IllegalArgumentException("'" + text + "' is not one of error, warning, info, never");
        return new FailOn(s);
    }

    /** {@code error}, {@code warning}, {@code info} or {@code never}. */
    public String id() {
        return threshold == null ? "never" : threshold.id();
    }

    /** True when this finding is at or above the threshold, or is phasecheck's own internal error. */
    public boolean fails(Finding f) {
        return LintResult.INTERNAL_ERROR.equals(f.rule()) || (threshold != null && f.severity().atLeast(threshold));
    }

    /** True when any finding of the result fails the run. */
    public boolean fails(LintResult result) {
        return result.findings().stream().anyMatch(this::fails);
    }

    @Override
    public String toString() {
        return id();
    }
}
