package dev.phasecheck.cli;

import dev.phasecheck.rules.api.ExchangeObserver;
import dev.phasecheck.rules.api.Finding;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Progress of a long {@code lint} on stderr — files, MB and exchanges done, findings so far — on one
 * line rewritten in place, at most a few times a second. Only for a person watching: when stderr
 * is a terminal and the {@code CI} environment variable is not set; otherwise nothing is printed.
 * One instance per run, used from the linting thread only.
 */
final class Progress implements ExchangeObserver.Factory {
    private static final long INTERVAL_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final int totalFiles;
    private final LongSupplier clock;
    private final ExchangeObserver.Factory inner;
    private int files;
    private long bytes;
    private long exchanges;
    private long findings;
    private long lastShown;
    private boolean shown;

    Progress(PrintWriter err, int totalFiles, LongSupplier clock, ExchangeObserver.Factory inner) {
        this.err = err;
        this.totalFiles = totalFiles;
        this.clock = clock;
        this.inner = inner;
        this.lastShown = clock.getAsLong();
    }

    /** Whether to show progress: stderr is a terminal, and not in CI. */
    static boolean wanted(boolean stderrIsTerminal, Function<String, String> env) {
        String ci = env.apply("CI");
        return stderrIsTerminal && (ci == null || ci.isBlank() || ci.equalsIgnoreCase("false") || ci.equals("0"));
    }

    /**
     * Whether this process's stderr is a terminal: on Linux, what file descriptor 2 links to; elsewhere
     * whether the JVM has a console at all.
     */
    static boolean stderrIsTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.exists(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (Exception e) {
            // fall through
        }
        return System.console() != null;
    }

    @Override
    public ExchangeObserver forTranscript(String file) {
        ExchangeObserver other = inner == null ? null : inner.forTranscript(file);
        return new ExchangeObserver() {
            @Override
            public void exchange(dev.phasecheck.rules.read.Exchange exchange, int resentItems, List<Finding> found) {
                if (other != null) other.exchange(exchange, resentItems, found);
                exchanges++;
                findings += found.size();
                maybeShow();
            }

            @Override
            public void end() {
                if (other != null) other.end();
            }
        };
    }

    /** A file is done: its size and the findings the file-level checks added at its end. */
    void fileDone(Path path, int fileFindings, long exchangeFindings) {
        files++;
        findings += Math.max(0, fileFindings - exchangeFindings);
        if (path != null) {
            try {
                bytes += Files.size(path);
            } catch (Exception e) {
                // a file that went away: its size is not counted
            }
        }
        if (!shown && files < totalFiles) lastShown = Long.MIN_VALUE / 2; // say something after the first file, however fast
        maybeShow();
    }

    long findingsSoFar() {
        return findings;
    }

    private void maybeShow() {
        long now = clock.getAsLong();
        if (now - lastShown < INTERVAL_NANOS) return;
        lastShown = now;
        shown = true;
        err.print("\r" + line() + "\u001b[K");
        err.flush();
    }

    /** "phasecheck lint: 3/10 files, 12.4 MB, 5210 exchanges, 17 findings so far". */
    String line() {
        return String.format(Locale.ROOT, "phasecheck lint: %d/%d files, %.1f MB, %d exchanges, %d findings so far", files, totalFiles,
                bytes / 1e6, exchanges, findings);
    }

    /** Clears the progress line (before the report is written). */
    void finish() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
