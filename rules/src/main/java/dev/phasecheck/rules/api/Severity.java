package dev.phasecheck.rules.api;

import java.util.Locale;

/** A finding's severity, most severe first. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** The lower-case name used in reports, options and configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One step lower (error → warning → info; info stays info). */
    public Severity lower() {
        return this == ERROR ? WARNING : INFO;
    }

    /** True when this severity is at or above {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /** Parses {@code error}, {@code warning} or {@code info}; null when it is none of them. */
    public static Severity parse(String text) {
        if (text == null) return null;
        for (Severity s : values()) {
            if (s.id().equals(text.trim().toLowerCase(Locale.ROOT))) return s;
        }
        return null;
    }
}
