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
        int sseEvents = 0;
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
                default -> {
                    System.err.println("usage: [--size-mb N] [--iterations N] [--warmups N] [--heap-check-mb N] [--sse-events N] [--heap-checks-only] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(dir);
        if (heapOnly) {
            if (heapCheckMb > 0) heapCheck(generate(dir, heapCheckMb), heapCheckMb + " MB transcript");
            if (sseEvents > 0) heapCheck(hugeStream(dir, sseEvents), "one JSONL line holding " + sseEvents + " SSE events");
            return;
        }
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
        if (heapCheckMb > 0) heapCheck(generate(dir, heapCheckMb), heapCheckMb + " MB transcript");
        if (sseEvents > 0) heapCheck(hugeStream(dir, sseEvents), "one JSONL line holding " + sseEvents + " SSE events");
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

    static void heapCheck(Path file, String what) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp, HeapCheck.class.getName(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.append(line).append('\n');
        }
        int code = p.waitFor();
        System.out.printf("heap check: %s with -Xmx512m: %s%n%s", what, code == 0 ? "OK" : "FAILED (exit " + code + ")",
                out);
        if (code != 0) System.exit(1);
    }

    private BenchMain() {}
}
