package dev.phasecheck.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/** One {@code --report FORMAT=FILE}: a format (validated) and the file to write it to. */
record ReportTarget(String format, Path file) {

    /** Reads {@code FORMAT=FILE}; picocli reports a bad value as a usage error naming the option. */
    static final class Converter implements CommandLine.ITypeConverter<ReportTarget> {
        @Override
        public ReportTarget convert(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1 || spec.substring(eq + 1).isBlank()) {
                throw new CommandLine.TypeConversionException("'" + spec + "' must be FORMAT=FILE, e.g. json=findings.json");
            }
            String format = new FormatConverter().convert(spec.substring(0, eq));
            try {
                return new ReportTarget(format, Path.of(spec.substring(eq + 1).trim()));
            } catch (java.nio.file.InvalidPathException e) {
                throw new CommandLine.TypeConversionException("'" + spec.substring(eq + 1) + "' is not a file name: " + e.getReason());
            }
        }
    }

    /** A format name, any case; unknown names are a usage error listing the formats. */
    static final class FormatConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String fmt = value.trim().toLowerCase(Locale.ROOT);
            if (!Formats.names().contains(fmt)) {
                throw new CommandLine.TypeConversionException("unknown format '" + value.trim() + "' (available: "
                        + String.join(", ", Formats.names()) + ")");
            }
            return fmt;
        }
    }

    /** {@code error}, {@code warning}, {@code info}, {@code never}: the one {@link dev.phasecheck.rules.api.FailOn} type. */
    static final class FailOnConverter implements CommandLine.ITypeConverter<dev.phasecheck.rules.api.FailOn> {
        @Override
        public dev.phasecheck.rules.api.FailOn convert(String value) {
            try {
                return dev.phasecheck.rules.api.FailOn.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
