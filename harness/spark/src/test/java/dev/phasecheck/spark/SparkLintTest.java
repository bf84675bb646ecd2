package dev.phasecheck.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.reports.JsonReporter;
import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.engine.TranscriptInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Spark job, in local mode (local[2]), gives the findings the core {@link Linter} gives for
 * the same transcripts: each comparison is of the JSON reports (as trees, so key order in a value
 * does not matter), built by the same {@link JsonReporter}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkLintTest {
    private static final String VERSION = "test";
    private final ObjectMapper mapper = JsonMapper.builder().build();
    private SparkSession spark;

    private Path tmp;

    /** session id → its exchanges in time order (what each transcript is). */
    private final Map<String, List<ObjectNode>> sessions = new LinkedHashMap<>();
    private Path interleaved;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        tmp = dir;
        spark = SparkSession.builder().master("local[2]").appName("phasecheck-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.files.maxPartitionBytes", "4096") // small splits: a file is read by several tasks
                .config("spark.sql.files.openCostInBytes", "0")
                .getOrCreate();
        Conversations gen = new Conversations(7);
        for (int c = 0; c < 12; c++) {
            String id = "sess-" + c;
            sessions.put(id, gen.conversation(id, 2 + c % 5, 1_764_400_000L + 1000L * c, c % 4 == 1 ? 1 : c % 4 == 3 ? 2 : 0));
        }
        // the fixtures' example transcripts too, tagged with a session and times
        long t = 1_764_500_000L;
        for (String f : List.of("agent-loop-conformant", "agent-loop-drops-phase", "agent-loop-streamed-conformant",
                "chat-completions", "streamed-client-merges")) {
            List<ObjectNode> ex = new ArrayList<>();
            for (String line : Files.readAllLines(fixtures().resolve(f + ".jsonl"))) {
                if (line.isBlank()) continue;
                ObjectNode n = (ObjectNode) mapper.readTree(line);
                n.put("session_id", f);
                n.put("time", java.time.Instant.ofEpochSecond(t++).toString());
                ex.add(n);
            }
            sessions.put(f, ex);
        }
        // a row with a session but no request: part of its transcript, and unreadable there
        ObjectNode noRequest = mapper.createObjectNode().put("session_id", "sess-0").put("url", "/v1/responses")
                .put("time", "2026-01-01T00:00:00Z");
        sessions.get("sess-0").add(noRequest);

        // interleave every exchange over three files, out of time order, with bad rows between them
        List<ObjectNode> all = new ArrayList<>();
        sessions.values().forEach(all::addAll);
        Collections.shuffle(all, new Random(3));
        interleaved = Files.createDirectories(tmp.resolve("interleaved"));
        List<List<String>> files = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < all.size(); i++) files.get(i % 3).add(mapper.writeValueAsString(all.get(i)));
        files.get(0).add(4, "{this is not json");
        files.get(1).add(2, "{\"url\": \"/v1/responses\", \"request\": {\"model\": \"gpt-5.4\", \"input\": []}}"); // no session
        files.get(1).add(5, "");
        for (int i = 0; i < 3; i++) Files.write(interleaved.resolve("part-" + i + ".jsonl"), files.get(i));
    }

    @AfterAll
    void stop() {
        if (spark != null) spark.stop();
    }

    private static Path fixtures() {
        return Path.of(System.getProperty("phasecheck.fixtures", "../../fixtures")).resolve("examples");
    }

    private SparkLint.Outcome spark(Path out, String format, String groupBy, long maxExchanges, String... inputs)
            throws Exception {
        return new SparkLint(spark).run(new SparkLint.Options(List.of(inputs), out.toString(), format, groupBy,
                SparkLint.Options.DEFAULT_MAX_GROUP_BYTES, maxExchanges, VERSION, "error"));
    }

    private JsonNode report(LintResult result) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new JsonReporter().write(result, new ReportContext(VERSION, dev.phasecheck.rules.api.FailOn.ERROR, dev.phasecheck.rules.engine.Rules.all()), b);
        return mapper.readTree(b.toString(StandardCharsets.UTF_8));
    }

    private JsonNode written(Path out) throws IOException {
        return mapper.readTree(Files.readString(out.resolve("report.json")));
    }

    /** What the core linter says of each session's exchanges, in time order. */
    private LintResult expectedBySession() {
        Linter linter = new Linter();
        List<LintResult> parts = new ArrayList<>();
        for (Map.Entry<String, List<ObjectNode>> e : sessions.entrySet()) {
            List<ObjectNode> ordered = new ArrayList<>(e.getValue());
            ordered.sort(Comparator.comparing(n -> java.time.Instant.parse(n.get("time").asString())));
            parts.add(linter.lintExchanges(e.getKey(), ordered));
        }
        return LintResult.merge(parts);
    }

    /** The findings of a report whose file is (or is not) a group of rows without a key. */
    private static List<JsonNode> findings(JsonNode report, boolean keyless) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : report.get("findings")) {
            if (f.get("file").asString().startsWith("(no ") == keyless) out.add(f);
        }
        return out;
    }

    @Test
    void groupedBySessionTheFindingsAreTheLintersOnEachConversation() throws Exception {
        Path out = tmp.resolve("out-jsonl");
        SparkLint.Outcome o = spark(out, "jsonl", "session_id", SparkLint.Options.DEFAULT_MAX_GROUP_EXCHANGES,
                interleaved.toString());
        assertFalse(o.internalError());
        JsonNode expected = report(expectedBySession());
        JsonNode actual = written(out);
        assertTrue(expected.get("findings").size() > 10, "the dataset must give the rules work");
        assertEquals(List.copyOf(iterable(expected.get("findings"))), findings(actual, false));

        // the rows without a session: one file-level finding per file, and each row located
        List<JsonNode> keyless = findings(actual, true);
        assertEquals(4, keyless.size(), keyless.toString());
        JsonNode notJson = keyless.stream().filter(f -> f.get("message").asString().startsWith("line is not valid JSON"))
                .findFirst().orElseThrow();
        assertEquals("(no session_id) " + interleaved + "/part-0.jsonl", notJson.get("file").asString());
        assertTrue(keyless.stream().anyMatch(f -> f.get("message").asString().startsWith("row has no \"session_id\"")));
        assertEquals(expected.get("summary").get("files").asInt() + 2, actual.get("summary").get("files").asInt());
        assertEquals(expected.get("summary").get("exchanges").asInt() + 2, actual.get("summary").get("exchanges").asInt());
        assertEquals(expected.get("summary").get("error").asInt() + 4, actual.get("summary").get("error").asInt());

        // the Parquet findings: the report's findings, and where each exchange came from
        Dataset<Row> parquet = spark.read().parquet(out.resolve("findings").toString());
        assertEquals(actual.get("findings").size(), parquet.count());
        Row bad = parquet.filter("message like 'line is not valid JSON%'").first();
        assertEquals(interleaved + "/part-0.jsonl", bad.getString(bad.fieldIndex("source")));
        assertEquals(5L, bad.getLong(bad.fieldIndex("source_row")), "the bad line is line 5 of part-0.jsonl");
        Row noRequest = parquet.filter("message like '%has no \"request\"%'").first();
        assertEquals("sess-0", noRequest.getString(noRequest.fieldIndex("file")));
        String src = noRequest.getString(noRequest.fieldIndex("source"));
        long row = noRequest.getLong(noRequest.fieldIndex("source_row"));
        String line = Files.readAllLines(Path.of(src)).get((int) row - 1);
        assertTrue(line.contains("2026-01-01T00:00:00Z"), "source_row points at the row itself: " + line);
        assertEquals(Long.valueOf(actual.get("summary").get("error").asInt()),
                parquet.filter("severity = 'error'").count());
    }

    @Test
    void byFileTheReportIsPhasecheckLintsOnTheSameFiles() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("files"));
        try (var s = Files.list(fixtures())) {
            for (Path f : s.filter(p -> p.toString().endsWith(".jsonl")).toList()) Files.copy(f, in.resolve(f.getFileName()));
        }
        Files.write(in.resolve("empty.jsonl"), new byte[0]);
        Files.writeString(in.resolve("bad-lines.jsonl"), Files.readString(fixtures().resolve("agent-loop-drops-phase.jsonl"))
                .replaceFirst("\n", "\n\n{\"request\": oops}\n[1,2]\n"));
        Path out = tmp.resolve("out-files");
        SparkLint.Outcome o = spark(out, "jsonl", null, SparkLint.Options.DEFAULT_MAX_GROUP_EXCHANGES, in.toString());
        assertFalse(o.internalError());
        LintResult cli = new Linter().lint(TranscriptInput.expand(List.of(in.toString()), System.in));
        assertEquals(report(cli), written(out));
        assertTrue(written(out).toString().contains("line is not valid JSON"));
    }

    @Test
    void jsonFilesAreReadAsPhasecheckLintReadsThem() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("json"));
        int i = 0;
        for (Map.Entry<String, List<ObjectNode>> e : sessions.entrySet()) {
            ArrayNode arr = mapper.createArrayNode();
            e.getValue().forEach(arr::add);
            JsonNode doc = i++ % 2 == 0 ? arr : mapper.createObjectNode().set("exchanges", arr);
            Files.writeString(in.resolve(e.getKey() + ".json"), mapper.writeValueAsString(doc));
        }
        Files.writeString(in.resolve("broken.json"), "[{\"request\": {}}, {\"request\": ");
        Path out = tmp.resolve("out-json");
        SparkLint.Outcome o = spark(out, "json", null, SparkLint.Options.DEFAULT_MAX_GROUP_EXCHANGES, in.toString());
        assertFalse(o.internalError());
        LintResult cli = new Linter().lint(TranscriptInput.expand(List.of(in.toString()), System.in));
        JsonNode expected = report(cli);
        JsonNode actual = written(out);
        // a truncated file is unreadable where it breaks, in both; the messages are each reader's own
        assertEquals(strip(expected, "broken.json"), strip(actual, "broken.json"));
        assertTrue(actual.toString().contains("broken.json"));
    }

    /** The report without the findings of one file (and with its summary left as is). */
    private JsonNode strip(JsonNode report, String file) {
        ObjectNode copy = (ObjectNode) report.deepCopy();
        ArrayNode kept = mapper.createArrayNode();
        for (JsonNode f : report.get("findings")) if (!f.get("file").asString().endsWith(file)) kept.add(f);
        copy.set("findings", kept);
        ((ObjectNode) copy.get("summary")).remove(List.of("error", "warning", "info", "unreadable", "exchanges"));
        return copy;
    }

    @Test
    void parquetWithJsonTextColumns() throws Exception {
        StructType schema = new StructType(new StructField[] {
                DataTypes.createStructField("session_id", DataTypes.StringType, true),
                DataTypes.createStructField("time", DataTypes.StringType, true),
                DataTypes.createStructField("url", DataTypes.StringType, true),
                DataTypes.createStructField("status", DataTypes.IntegerType, true),
                DataTypes.createStructField("request", DataTypes.StringType, true),
                DataTypes.createStructField("response", DataTypes.StringType, true),
                DataTypes.createStructField("response_sse", DataTypes.StringType, true),
        });
        List<Row> rows = new ArrayList<>();
        for (List<ObjectNode> conv : sessions.values()) {
            for (ObjectNode n : conv) {
                rows.add(RowFactory.create(n.get("session_id").asString(), n.get("time").asString(),
                        n.has("url") ? n.get("url").asString() : null, n.has("status") ? n.get("status").asInt() : null,
                        n.has("request") ? mapper.writeValueAsString(n.get("request")) : null,
                        n.has("response") ? mapper.writeValueAsString(n.get("response")) : null,
                        n.has("response_sse") ? n.get("response_sse").asString() : null));
            }
        }
        Collections.shuffle(rows, new Random(5));
        // one more exchange of sess-3, last in time, whose request column is not JSON
        rows.add(7, RowFactory.create("sess-3", "2027-01-01T00:00:00Z", "/v1/responses", 200, "{\"model\": ", null, null));
        Path in = tmp.resolve("parquet-text");
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(in.toString());

        Path out = tmp.resolve("out-parquet-text");
        SparkLint.Outcome o = spark(out, "parquet", "session_id", SparkLint.Options.DEFAULT_MAX_GROUP_EXCHANGES,
                in.toString());
        assertFalse(o.internalError());
        JsonNode expected = report(expectedBySession());
        JsonNode actual = written(out);
        List<JsonNode> found = findings(actual, false);
        JsonNode bad = found.stream().filter(f -> f.get("message").asString().startsWith("column \"request\" is not valid JSON"))
                .findFirst().orElseThrow(() -> new AssertionError(actual.toString()));
        assertEquals("sess-3", bad.get("file").asString());
        assertEquals(sessions.get("sess-3").size(), bad.get("index").asInt(), "the bad row is the last of its transcript");
        found.remove(bad);
        assertEquals(List.copyOf(iterable(expected.get("findings"))), found);
        assertEquals(expected.get("summary").get("exchanges").asInt() + 1, actual.get("summary").get("exchanges").asInt());
    }

    @Test
    void parquetWithStructColumns() throws Exception {
        // Spark infers structs from the exchanges' JSON, as a data lake that stores them parsed would hold them
        List<String> json = new ArrayList<>();
        for (Map.Entry<String, List<ObjectNode>> e : sessions.entrySet()) {
            if (!e.getKey().startsWith("sess-")) continue; // the fixtures mix JSON types (content as text and as parts)
            for (ObjectNode n : e.getValue()) if (n.has("request")) json.add(mapper.writeValueAsString(n));
        }
        Dataset<Row> structs = spark.read().json(spark.createDataset(json, Encoders.STRING()));
        assertTrue(structs.schema().apply("request").dataType() instanceof StructType, structs.schema().treeString());
        Path in = tmp.resolve("parquet-struct");
        structs.repartition(2).write().parquet(in.toString());

        Path out = tmp.resolve("out-parquet-struct");
        SparkLint.Outcome o = spark(out, "parquet", "session_id", SparkLint.Options.DEFAULT_MAX_GROUP_EXCHANGES,
                in.toString());
        assertFalse(o.internalError());
        Linter linter = new Linter();
        List<LintResult> parts = new ArrayList<>();
        for (Map.Entry<String, List<ObjectNode>> e : sessions.entrySet()) {
            if (!e.getKey().startsWith("sess-")) continue;
            List<ObjectNode> ex = e.getValue().stream().filter(n -> n.has("request")).toList();
            parts.add(linter.lintExchanges(e.getKey(), ex));
        }
        JsonNode expected = report(LintResult.merge(parts));
        assertTrue(expected.get("summary").get("error").asInt() > 0, "the faulty conversations give errors");
        assertEquals(expected, written(out));
    }

    @Test
    void parquetTimestampColumnsOrderTheTranscript() throws Exception {
        StructType schema = new StructType(new StructField[] {
                DataTypes.createStructField("conversation", DataTypes.StringType, true),
                DataTypes.createStructField("time", DataTypes.TimestampType, true),
                DataTypes.createStructField("request", DataTypes.StringType, true),
                DataTypes.createStructField("response", DataTypes.StringType, true),
        });
        List<ObjectNode> conv = sessions.get("sess-4");
        assertTrue(conv.size() >= 3);
        List<Row> rows = new ArrayList<>();
        for (ObjectNode n : conv) {
            rows.add(RowFactory.create("c4", java.sql.Timestamp.from(java.time.Instant.parse(n.get("time").asString())),
                    mapper.writeValueAsString(n.get("request")), mapper.writeValueAsString(n.get("response"))));
        }
        Collections.reverse(rows); // newest first, as a log table often is
        Path in = tmp.resolve("parquet-timestamp");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(in.toString());
        Path out = tmp.resolve("out-parquet-timestamp");
        spark(out, "parquet", "conversation", SparkLint.Options.DEFAULT_MAX_GROUP_EXCHANGES, in.toString());
        List<ObjectNode> expected = new ArrayList<>();
        for (ObjectNode n : conv) {
            ObjectNode e = mapper.createObjectNode();
            e.set("request", n.get("request"));
            e.set("response", n.get("response"));
            expected.add(e);
        }
        JsonNode want = report(new Linter().lintExchanges("c4", expected));
        assertEquals(0, want.get("summary").get("error").asInt(), "in time order the conversation is clean");
        assertEquals(want, written(out));
    }

    @Test
    void aTranscriptOverTheLimitIsOneFindingNotAFailure() throws Exception {
        Path out = tmp.resolve("out-limit");
        SparkLint.Outcome o = spark(out, "jsonl", "session_id", 4, interleaved.toString());
        assertFalse(o.internalError());
        JsonNode actual = written(out);
        for (Map.Entry<String, List<ObjectNode>> e : sessions.entrySet()) {
            List<JsonNode> own = new ArrayList<>();
            for (JsonNode f : actual.get("findings")) if (f.get("file").asString().equals(e.getKey())) own.add(f);
            if (e.getValue().size() > 4) {
                assertEquals(1, own.size(), own.toString());
                String m = own.get(0).get("message").asString();
                assertTrue(m.startsWith("transcript too large to lint in one executor: " + e.getValue().size() + " exchanges"), m);
                assertTrue(m.contains("--max-group-exchanges"), m);
                assertEquals("error", own.get(0).get("severity").asString());
                assertNotNull(own.get(0).get("file"));
            } else {
                assertTrue(own.stream().noneMatch(f -> f.get("message").asString().contains("too large")));
            }
        }
        assertTrue(sessions.values().stream().anyMatch(l -> l.size() > 4) && sessions.values().stream().anyMatch(l -> l.size() <= 4));
    }

    @Test
    void aMissingInputIsAUsageErrorNamingIt() {
        SparkLint.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(SparkLint.UsageException.class,
                () -> spark(tmp.resolve("out-missing"), "jsonl", null, 10, tmp.resolve("nope.jsonl").toString()));
        assertEquals(tmp.resolve("nope.jsonl") + ": no such file or directory", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out-missing")), "nothing is written");
    }

    @Test
    void badOptionsExitTwoBeforeSparkStarts() {
        java.io.StringWriter err = new java.io.StringWriter();
        java.io.PrintWriter pw = new java.io.PrintWriter(err, true);
        java.io.PrintWriter out = new java.io.PrintWriter(new java.io.StringWriter(), true);
        assertEquals(2, Main.run(new String[] {"lint", "x.jsonl", "--out", "o", "--fail-on", "sometimes"}, out, pw));
        assertTrue(err.toString().contains("--fail-on: 'sometimes' is not one of error, warning, info, never"), err.toString());
        assertEquals(2, Main.run(new String[] {"lint", "x.jsonl", "--out", "o", "--max-group-bytes", "lots"}, out, pw));
        assertTrue(err.toString().contains("--max-group-bytes must be a number"), err.toString());
        assertEquals(2, Main.run(new String[] {"lint", "x.jsonl"}, out, pw));
        assertTrue(err.toString().contains("Missing required option: '--out=DIR'"), err.toString());
        assertEquals(128L << 20, Main.size("128m"));
        assertEquals(3L << 30, Main.size("3g"));
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
