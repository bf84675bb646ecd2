package dev.phasecheck.bench;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lints a warm-up file, then the measured one with the given jobs: one line with size, time, MB/s and peak heap. */
public final class Scale {
    public static void main(String[] args) throws Exception {
        Path warm = Path.of(args[0]);
        Path file = Path.of(args[1]);
        int jobs = Integer.parseInt(args[2]);
        Workloads.lint(new Linter(), warm, jobs);
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        LintResult r = Workloads.lint(new Linter(), file, jobs);
        double s = (System.nanoTime() - t0) / 1e9;
        double mb = Files.size(file) / (1024.0 * 1024.0);
        System.out.printf("%7.0f MB: %6.2f s  %6.1f MB/s  %5.2f s per 100 MB  peak heap %5.0f MB  (%d exchanges, %d findings; load %s)%n",
                mb, s, mb / s, s / mb * 100, PeakHeapProfiler.peakHeapMb(), r.exchanges(), r.findings().size(),
                BenchMain.loadAverage());
    }

    private Scale() {}
}
