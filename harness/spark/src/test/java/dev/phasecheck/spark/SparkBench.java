package dev.phasecheck.spark;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Throughput of the Spark job in local mode against the core linter as the CLI runs it (one
 * thread, file after file), on the same generated JSONL: {@code SparkBench DIR [MEGABYTES] [FILES]}.
 * Spark is timed without its session start-up; each configuration runs three times and the fastest run
 * counts (the first pays for JIT warm-up).
 */
public final class SparkBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench-data/spark");
        long megabytes = args.length > 1 ? Long.parseLong(args[1]) : 100;
        int fileCount = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path data = dir.resolve("jsonl");
        long[] stats = generate(data, megabytes << 20, fileCount);
        double mb = stats[0] / 1048576.0;
        System.out.printf(Locale.ROOT, "data: %.1f MB, %d exchanges, %d conversations, %d files, %d cores%n",
                mb, stats[1], stats[2], fileCount, Runtime.getRuntime().availableProcessors());

        List<String> inputs = List.of(data.toString());
        double cli = Double.MAX_VALUE;
        LintResult cliResult = null;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            cliResult = new Linter().lint(TranscriptInput.expand(inputs, System.in));
            cli = Math.min(cli, (System.nanoTime() - t0) / 1e9);
        }
        print("core linter (CLI path, 1 thread)", mb, stats[1], cli, cliResult);

        for (String master : List.of("local[1]", "local[2]")) {
            SparkSession spark = SparkSession.builder().master(master).appName("phasecheck-spark-bench")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8").getOrCreate();
            try {
                for (String groupBy : new String[] {null, "session_id"}) {
                    double best = Double.MAX_VALUE;
                    LintResult r = null;
                    StringBuilder runs = new StringBuilder();
                    for (int i = 0; i < 3; i++) {
                        long t0 = System.nanoTime();
                        r = new SparkLint(spark).run(new SparkLint.Options(inputs, dir.resolve("out").toString(), "jsonl",
                                groupBy, SparkLint.Options.DEFAULT_MAX_GROUP_BYTES,
                                SparkLint.Options.DEFAULT_MAX_GROUP_EXCHANGES, "bench", "error")).result();
                        double t = (System.nanoTime() - t0) / 1e9;
                        runs.append(String.format(Locale.ROOT, " %.2f", t));
                        best = Math.min(best, t);
                    }
                    System.out.println("  runs (s):" + runs);
                    print("spark " + master + (groupBy == null ? " by file" : " --group-by session_id"), mb, stats[1],
                            best, r);
                    if (groupBy == null && !r.findings().equals(cliResult.findings())) {
                        throw new AssertionError("the Spark job's findings differ from the core linter's");
                    }
                }
            } finally {
                spark.stop();
            }
        }
    }

    private static void print(String what, double mb, long exchanges, double seconds, LintResult r) {
        System.out.printf(Locale.ROOT, "%-40s %6.2f s  %7.1f MB/s  %8.0f exchanges/s  (%d findings)%n", what, seconds,
                mb / seconds, exchanges / seconds, r.findings().size());
    }

    /** Writes conversations round-robin over the files, each conversation whole in one file; returns bytes, exchanges, conversations. */
    private static long[] generate(Path data, long bytes, int files) throws IOException {
        Files.createDirectories(data);
        ObjectMapper mapper = JsonMapper.builder().build();
        Conversations gen = new Conversations(11, true);
        List<BufferedWriter> out = new ArrayList<>();
        for (int i = 0; i < files; i++) out.add(Files.newBufferedWriter(data.resolve(String.format("part-%03d.jsonl", i))));
        long written = 0;
        long exchanges = 0;
        int c = 0;
        try {
            while (written < bytes) {
                List<ObjectNode> conv = gen.conversation("s" + c, 4 + c % 9, 1_764_400_000L + 100L * c, c % 10 == 7 ? 1 : 0);
                BufferedWriter w = out.get(c % files);
                for (ObjectNode n : conv) {
                    String line = mapper.writeValueAsString(n);
                    w.write(line);
                    w.write('\n');
                    written += line.length() + 1;
                    exchanges++;
                }
                c++;
            }
        } finally {
            for (BufferedWriter w : out) w.close();
        }
        return new long[] {written, exchanges, c};
    }
}
