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
 *     [--iterations 5] [--warmups 10] [--jobs 1,2] [--dir-files 20] [--scaling 50,200,1000]
 *     [--heap-check-mb 1024]</pre>
 *
 * Generates a realistic transcript of the size asked (once; it is reused) and a directory of
 * {@code --dir-files} transcripts of the same total size, runs the JMH benchmark (lint of the file
 * and of the directory with each number of jobs, and a bare single-threaded Jackson parse of the
 * file's bytes), and prints times, ratios and peak heaps. With {@code --scaling} it lints
 * transcripts of each size (MB) once in a fresh JVM ({@code -Xmx2g}, after a warm-up) with the
 * largest number of jobs, for how cost grows with size. With {@code --heap-check-mb N} it also
 * lints an N MB transcript in a child JVM limited to {@code -Xmx512m}.
 */
public final class BenchMain {
    public static void main(String[] args) throws Exception {
        int sizeMb = 200;
        int iterations = 5;
        int warmups = 10;
        int heapCheckMb = 0;
        int sseEvents = 0;
        int dirFiles = 20;
        String jobs = "1," + Runtime.getRuntime().availableProcessors();
        String scaling = "";
        boolean heapOnly = false;
        Path dir = Path.of("bench-data");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--heap-check-mb" -> heapCheckMb = Integer.parseInt(args[++i]);
                case "--sse-events" -> sseEvents = Integer.parseInt(args[++i]);
                case "--heap-checks-only" -> heapOnly = true;
                case "--dir" -> dir = Path.of(args[++i]);
                case "--jobs" -> jobs = args[++i];
                case "--dir-files" -> dirFiles = Integer.parseInt(args[++i]);
                case "--scaling" -> scaling = args[++i];
                default -> {
                    System.err.println("usage: [--size-mb N] [--iterations N] [--warmups N] [--jobs N,M] [--dir-files N]"
                            + " [--scaling MB,MB] [--heap-check-mb N] [--sse-events N] [--heap-checks-only] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(dir);
        int maxJobs = 1;
        for (String j : jobs.split(",")) maxJobs = Math.max(maxJobs, Integer.parseInt(j.trim()));
        if (heapOnly) {
            if (heapCheckMb > 0) heapCheck(generate(dir, heapCheckMb), heapCheckMb + " MB transcript", maxJobs);
            if (sseEvents > 0) heapCheck(hugeStream(dir, sseEvents), "one JSONL line holding " + sseEvents + " SSE events", maxJobs);
            return;
        }
        String[] jobValues = jobs.split(",");
        if (iterations > 0) {
            Path file = generate(dir, sizeMb);
            Path many = dirFiles > 0 ? generateDirectory(dir, dirFiles, sizeMb) : null;
            benchmark(file, many, jobValues, warmups, iterations);
        }
        if (!scaling.isEmpty()) {
            Path warm = generate(dir, 50);
            System.out.printf("%nscaling, lint --jobs %d, each in a fresh JVM (-Xmx2g) after one warm-up lint of %s:%n",
                    maxJobs, warm.getFileName());
            for (String mb : scaling.split(",")) scale(warm, generate(dir, Integer.parseInt(mb.trim())), maxJobs);
        }
        if (heapCheckMb > 0) heapCheck(generate(dir, heapCheckMb), heapCheckMb + " MB transcript", maxJobs);
        if (sseEvents > 0) heapCheck(hugeStream(dir, sseEvents), "one JSONL line holding " + sseEvents + " SSE events", maxJobs);
    }

    private static void benchmark(Path file, Path many, String[] jobs, int warmups, int iterations) throws Exception {
        double mb = Files.size(file) / (1024.0 * 1024.0);
        Options opt = new OptionsBuilder()
                .include(LintBenchmark.class.getName())
                .param("file", file.toAbsolutePath().toString())
                .param("dir", many == null ? "" : many.toAbsolutePath().toString())
                .param("jobs", jobs)
                .warmupIterations(warmups)
                .measurementIterations(iterations)
                .forks(1)
                .jvmArgs("-Xms2g", "-Xmx2g")
                .addProfiler(PeakHeapProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        java.util.Map<String, double[]> lint = new java.util.TreeMap<>();
        java.util.Map<String, double[]> dirs = new java.util.TreeMap<>();
        double parseMs = 0;
        double parseHeap = 0;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double ms = r.getPrimaryResult().getScore();
            double heap = r.getSecondaryResults().get("peak-heap").getScore();
            String j = r.getParams().getParam("jobs");
            if (name.endsWith(".lint")) {
                lint.put(j, new double[] {ms, heap});
            } else if (name.endsWith(".lintDirectory")) {
                if (many != null) dirs.put(j, new double[] {ms, heap});
            } else {
                parseMs = ms;
                parseHeap = heap;
            }
        }
        System.out.println();
        System.out.printf("load average at the end: %s%n", loadAverage());
        System.out.printf("transcript: %s (%.0f MB)%n", file, mb);
        System.out.printf("bare parse (1 thread): %8.0f ms  %7.1f MB/s  peak heap %6.0f MB%n", parseMs,
                mb / (parseMs / 1000), parseHeap);
        for (var e : lint.entrySet()) {
            double ms = e.getValue()[0];
            System.out.printf("lint --jobs %-2s:       %8.0f ms  %7.1f MB/s  peak heap %6.0f MB  ratio to bare parse %.2fx%n",
                    e.getKey(), ms, mb / (ms / 1000), e.getValue()[1], ms / parseMs);
        }
        if (many != null && !dirs.isEmpty()) {
            double base = dirs.containsKey("1") ? dirs.get("1")[0] : Double.NaN;
            System.out.printf("directory: %s%n", many);
            for (var e : dirs.entrySet()) {
                double ms = e.getValue()[0];
                System.out.printf("lint --jobs %-2s DIR:   %8.0f ms  peak heap %6.0f MB  ratio to --jobs 1 %.2fx%n",
                        e.getKey(), ms, e.getValue()[1], ms / base);
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return String.valueOf(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** {@code files} transcripts that together are about {@code totalMb} (once; reused). */
    static Path generateDirectory(Path dir, int files, int totalMb) throws Exception {
        Path d = dir.resolve("transcripts-" + files + "x" + totalMb + "mb");
        if (Files.isDirectory(d)) return d;
        System.out.printf("generating %s ...%n", d);
        Path tmp = dir.resolve(d.getFileName() + ".tmp");
        Files.createDirectories(tmp);
        long each = ((long) totalMb << 20) / files;
        for (int i = 0; i < files; i++) {
            new TranscriptGenerator(42 + i).write(tmp.resolve(String.format("t%02d.jsonl", i)), each);
        }
        Files.move(tmp, d);
        return d;
    }

    /** Lints {@code file} once in a child JVM after a warm-up lint, printing time and peak heap. */
    static void scale(Path warm, Path file, int jobs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> cmd = List.of(java, "-Xms2g", "-Xmx2g", "-cp", cp, Scale.class.getName(), warm.toString(),
                file.toString(), String.valueOf(jobs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.out.print(out);
        if (code != 0) {
            System.out.printf("scaling run of %s FAILED (exit %d)%n", file, code);
            System.exit(1);
        }
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

    /**
     * Two exchanges: a streamed response whose {@code response_sse} holds {@code events} text deltas
     * (one JSONL line of about 180 bytes per event), then a request that replays its commentary
     * without phase, so the lint must find exactly one {@code phase-dropped}.
     */
    static Path hugeStream(Path dir, int events) throws Exception {
        Path file = dir.resolve("stream-" + events + "-events.jsonl");
        if (Files.exists(file)) return file;
        System.out.printf("generating %s ...%n", file);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        String item = "{\\\"id\\\":\\\"msg_1\\\",\\\"type\\\":\\\"message\\\",\\\"role\\\":\\\"assistant\\\","
                + "\\\"status\\\":\\\"completed\\\",\\\"phase\\\":\\\"commentary\\\",\\\"content\\\":[{\\\"type\\\":"
                + "\\\"output_text\\\",\\\"text\\\":\\\"Looking.\\\",\\\"annotations\\\":[]}]}";
        try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("{\"url\":\"/v1/responses\",\"request\":{\"model\":\"gpt-5.4\",\"stream\":true,\"input\":"
                    + "[{\"role\":\"user\",\"content\":\"Refactor the auth module\"}]},\"response_sse\":\"");
            w.write("event: response.output_item.added\\ndata: {\\\"type\\\":\\\"response.output_item.added\\\","
                    + "\\\"sequence_number\\\":0,\\\"output_index\\\":0,\\\"item\\\":" + item + "}\\n\\n");
            for (int i = 1; i <= events; i++) {
                w.write("event: response.output_text.delta\\ndata: {\\\"type\\\":\\\"response.output_text.delta\\\","
                        + "\\\"sequence_number\\\":" + i + ",\\\"item_id\\\":\\\"msg_1\\\",\\\"output_index\\\":0,"
                        + "\\\"content_index\\\":0,\\\"delta\\\":\\\"Looking at the failing tests now.\\\"}\\n\\n");
            }
            w.write("event: response.completed\\ndata: {\\\"type\\\":\\\"response.completed\\\",\\\"sequence_number\\\":"
                    + (events + 1) + ",\\\"response\\\":{\\\"id\\\":\\\"resp_1\\\",\\\"object\\\":\\\"response\\\","
                    + "\\\"status\\\":\\\"completed\\\",\\\"model\\\":\\\"gpt-5.4\\\",\\\"output\\\":[" + item + "]}}\\n\\n\"}\n");
            w.write("{\"url\":\"/v1/responses\",\"request\":{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\","
                    + "\"content\":\"Refactor the auth module\"},{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"content\":[{\"type\":\"output_text\",\"text\":\"Looking.\",\"annotations\":[]}]}]}}\n");
        }
        Files.move(tmp, file);
        System.out.printf("%d MB%n", Files.size(file) >> 20);
        return file;
    }

    /** Lints {@code file} with {@code jobs} in a child JVM limited to -Xmx512m. */
    static void heapCheck(Path file, String what, int jobs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp, HeapCheck.class.getName(), file.toString(),
                String.valueOf(jobs)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.append(line).append('\n');
        }
        int code = p.waitFor();
        System.out.printf("heap check: %s with -Xmx512m, --jobs %d: %s%n%s", what, jobs, code == 0 ? "OK" : "FAILED (exit " + code + ")",
                out);
        if (code != 0) System.exit(1);
    }

    private BenchMain() {}
}
