package dev.phasecheck.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The benchmark, in one command:
 *
 * <pre>java -jar harness/bench/target/phasecheck-bench.jar [--size-mb 200] [--dir bench-data]
 *     [--iterations 5] [--heap-check-mb 1024]</pre>
 *
 * Generates a realistic transcript of the size asked (once; it is reused), runs the JMH
 * benchmark (lint and a bare Jackson parse of the same bytes), and prints throughput, their
 * ratio and the peak heap. With {@code --heap-check-mb N} it also lints an N MB transcript in a
 * child JVM limited to {@code -Xmx512m}.
 */
public final class BenchMain {
    public static void main(String[] args) throws Exception {
        int sizeMb = 200;
        int iterations = 5;
        int warmups = 10;
        int heapCheckMb = 0;
        Path dir = Path.of("bench-data");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--heap-check-mb" -> heapCheckMb = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: [--size-mb N] [--iterations N] [--warmups N] [--heap-check-mb N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(dir);
        Path file = generate(dir, sizeMb);
        double mb = Files.size(file) / (1024.0 * 1024.0);

        Options opt = new OptionsBuilder()
                .include(LintBenchmark.class.getName())
                .param("file", file.toAbsolutePath().toString())
                .warmupIterations(warmups)
                .measurementIterations(iterations)
                .forks(1)
                .jvmArgs("-Xms2g", "-Xmx2g")
                .addProfiler(PeakHeapProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        double lintMs = 0;
        double parseMs = 0;
        double lintHeap = 0;
        double parseHeap = 0;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double ms = r.getPrimaryResult().getScore();
            double heap = r.getSecondaryResults().get("peak-heap").getScore();
            if (name.endsWith(".lint")) {
                lintMs = ms;
                lintHeap = heap;
            } else {
                parseMs = ms;
                parseHeap = heap;
            }
        }
        System.out.println();
        System.out.printf("transcript: %s (%.0f MB)%n", file, mb);
        System.out.printf("lint:       %8.0f ms  %7.1f MB/s  peak heap %6.0f MB%n", lintMs, mb / (lintMs / 1000), lintHeap);
        System.out.printf("bare parse: %8.0f ms  %7.1f MB/s  peak heap %6.0f MB%n", parseMs, mb / (parseMs / 1000), parseHeap);
        System.out.printf("ratio lint / bare parse: %.2fx (must be <= 3, aim <= 2)%n", lintMs / parseMs);
        if (heapCheckMb > 0) heapCheck(dir, heapCheckMb);
    }

    static Path generate(Path dir, int sizeMb) throws Exception {
        Path file = dir.resolve("transcript-" + sizeMb + "mb.jsonl");
        if (!Files.exists(file)) {
            System.out.printf("generating %s ...%n", file);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            long n = new TranscriptGenerator(42).write(tmp, (long) sizeMb << 20);
            Files.move(tmp, file);
            System.out.printf("%d exchanges%n", n);
        }
        return file;
    }

    static void heapCheck(Path dir, int sizeMb) throws Exception {
        Path file = generate(dir, sizeMb);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp, HeapCheck.class.getName(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.append(line).append('\n');
        }
        int code = p.waitFor();
        System.out.printf("heap check: %d MB transcript with -Xmx512m: %s%n%s", sizeMb, code == 0 ? "OK" : "FAILED (exit " + code + ")",
                out);
        if (code != 0) System.exit(1);
    }

    private BenchMain() {}
}
