package dev.phasecheck.bench;

import dev.phasecheck.rules.engine.Linter;
import java.nio.file.Path;

/** Lints a file N times (for profiling). */
public final class LintLoop {
    public static void main(String[] args) {
        Path f = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Workloads.lint(new Linter(), f);
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf("best lint %.2fs%n", best / 1e9);
    }
}
