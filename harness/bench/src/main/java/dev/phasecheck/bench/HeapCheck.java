package dev.phasecheck.bench;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import java.nio.file.Path;

/** Lints one file once and prints what it read, the time and the peak heap (run it with a small -Xmx). */
public final class HeapCheck {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long t0 = System.nanoTime();
        LintResult r = Workloads.lint(new Linter(), file);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("rules=%s%n", r.findings().stream().map(f -> f.rule()).distinct().toList());
        System.out.printf("exchanges=%d findings=%d seconds=%.1f peakHeapMB=%.0f maxHeapMB=%d%n", r.exchanges(),
                r.findings().size(), s, PeakHeapProfiler.peakHeapMb(), Runtime.getRuntime().maxMemory() >> 20);
    }
}
