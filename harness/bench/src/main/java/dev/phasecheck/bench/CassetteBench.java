package dev.phasecheck.bench;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Lints a directory of generated vcrpy cassettes against the same exchanges as native JSONL files
 * (one file per cassette, the same exchanges in the same order), and prints files and MB per second.
 *
 * <pre>java -cp harness/bench/target/phasecheck-bench.jar dev.phasecheck.bench.CassetteBench [CASSETTES] [DIR] [RUNS]</pre>
 */
public final class CassetteBench {
    private CassetteBench() {}

    public static void main(String[] args) throws Exception {
        int cassettes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Path.of(args.length > 1 ? args[1] : "bench-data");
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path yamlDir = dir.resolve("cassettes-" + cassettes);
        Path jsonlDir = dir.resolve("cassettes-" + cassettes + "-jsonl");
        if (!Files.isDirectory(yamlDir)) generate(cassettes, dir, yamlDir, jsonlDir);
        double yamlMb = size(yamlDir) / 1048576.0;
        double jsonlMb = size(jsonlDir) / 1048576.0;
        System.out.printf("%d cassettes: %.1f MB of YAML, the same exchanges as %.1f MB of JSONL%n", cassettes, yamlMb, jsonlMb);
        for (int jobs : new int[] {1, Linter.defaultJobs()}) {
            double y = best(yamlDir, runs, jobs);
            double j = best(jsonlDir, runs, jobs);
            System.out.printf("-j %d  cassettes: %6.0f ms  %6.0f files/s  %5.1f MB/s   native JSONL: %6.0f ms  %6.0f files/s  %5.1f MB/s%n",
                    jobs, y * 1000, cassettes / y, yamlMb / y, j * 1000, cassettes / j, jsonlMb / j);
        }
    }

    /** Fastest of {@code runs} lints of the directory, in seconds (the first run warms the JIT and is left out). */
    private static double best(Path dir, int runs, int jobs) throws Exception {
        List<TranscriptInput> inputs = TranscriptInput.expand(List.of(dir.toString()), System.in);
        double best = Double.MAX_VALUE;
        long exchanges = -1;
        for (int i = 0; i <= runs; i++) {
            long t0 = System.nanoTime();
            LintResult r = new Linter().lint(inputs, jobs);
            double s = (System.nanoTime() - t0) / 1e9;
            if (exchanges >= 0 && r.exchanges() != exchanges) throw new IllegalStateException("runs disagree");
            exchanges = r.exchanges();
            if (i > 0) best = Math.min(best, s);
        }
        return best;
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Cuts a generated transcript into cassettes of consecutive exchanges, each also written as JSONL. */
    private static void generate(int cassettes, Path dir, Path yamlDir, Path jsonlDir) throws Exception {
        Files.createDirectories(yamlDir);
        Files.createDirectories(jsonlDir);
        Path source = dir.resolve("cassette-source.jsonl");
        new TranscriptGenerator(7).write(source, (long) cassettes * 60_000);
        ObjectMapper json = JsonMapper.builder().build();
        YAMLMapper yaml = YAMLMapper.builder().build();
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int per = Math.max(1, lines.size() / cassettes);
        for (int c = 0; c < cassettes; c++) {
            int from = c * per;
            int to = c == cassettes - 1 ? lines.size() : Math.min(lines.size(), from + per);
            ObjectNode cassette = json.createObjectNode();
            var interactions = cassette.putArray("interactions");
            try (BufferedWriter jl = Files.newBufferedWriter(jsonlDir.resolve(String.format("c%05d.jsonl", c)))) {
                for (int k = from; k < to; k++) {
                    jl.write(lines.get(k));
                    jl.write('\n');
                    JsonNode ex = json.readTree(lines.get(k));
                    ObjectNode it = interactions.addObject();
                    ObjectNode req = it.putObject("request");
                    req.put("method", "POST");
                    req.put("uri", "https://api.openai.com/v1/responses");
                    req.put("body", json.writeValueAsString(ex.get("request")));
                    req.putObject("headers").putArray("Content-Type").add("application/json");
                    ObjectNode resp = it.putObject("response");
                    resp.putObject("status").put("code", 200).put("message", "OK");
                    boolean sse = ex.has("response_sse");
                    resp.putObject("headers").putArray("Content-Type").add(sse ? "text/event-stream" : "application/json");
                    resp.putObject("body").put("string", sse ? ex.get("response_sse").asString()
                            : json.writeValueAsString(ex.get("response")));
                }
            }
            cassette.put("version", 1);
            Files.writeString(yamlDir.resolve(String.format("c%05d.yaml", c)), yaml.writeValueAsString(cassette));
        }
        Files.delete(source);
    }
}
