package dev.phasecheck.bench;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import java.nio.file.Path;

/** Lints one file once (with the jobs given, else 1) and prints what it read, the time and the peak heap (run it with a small -Xmx). */
public final class HeapCheck {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long t0 = System.nanoTime();
        LintResult r = Workloads.lint(new Linter(), file, jobs);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("rules=%s%n", r.findings().stream().map(f -> f.rule()).distinct().toList());
        System.out.printf("jobs=%d exchanges=%d findings=%d seconds=%.1f peakHeapMB=%.0f maxHeapMB=%d%n", jobs, r.exchanges(),
                r.findings().size(), s, PeakHeapProfiler.peakHeapMb(), Runtime.getRuntime().maxMemory() >> 20);
    }
}
