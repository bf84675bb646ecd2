package dev.phasecheck.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.phasecheck.reports.JsonReporter;
import dev.phasecheck.reports.ReportContext;
import dev.phasecheck.rules.api.FailOn;
import dev.phasecheck.rules.engine.Rules;
import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.api.Severity;
import dev.phasecheck.rules.read.Readers;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The job: reads exchanges, groups them into transcripts, lints each group in the executors, and
 * writes {@code DIR/findings} (Parquet) and {@code DIR/report.json}. The core knows nothing of
 * Spark; this class and its helpers are the adapter.
 */
public final class SparkLint {

    /** What to lint and where to write. */
    public record Options(List<String> inputs, String out, String inputFormat, String groupBy, long maxGroupBytes,
                          long maxGroupExchanges, String toolVersion, String failOn) {
        public static final long DEFAULT_MAX_GROUP_BYTES = 128L << 20;
        public static final long DEFAULT_MAX_GROUP_EXCHANGES = 100_000;

        public Options {
            inputs = List.copyOf(inputs);
        }
    }

    /** A problem with the command line or the inputs: exit 2, one line. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** The result, and whether phasecheck itself failed on any group. */
    public record Outcome(LintResult result, boolean internalError) {}

    private final SparkSession spark;

    public SparkLint(SparkSession spark) {
        this.spark = spark;
    }

    public Outcome run(Options o) throws UsageException, IOException {
        String format = o.inputFormat() == null ? guessFormat(o.inputs()) : o.inputFormat().toLowerCase(Locale.ROOT);
        if (!List.of("jsonl", "json", "parquet").contains(format)) {
            throw new UsageException("--input-format must be jsonl, json or parquet, not " + o.inputFormat());
        }
        Names names = names(o.inputs());
        List<String> har = new ArrayList<>();
        List<String> paths = format.equals("parquet") ? o.inputs() : textFiles(format, o.inputs(), har);
        Dataset<Row> records = records(format, paths, o.groupBy(), names);
        Set<String> emptyFiles = new HashSet<>();

        Map<String, Map<Long, Long>> offsets = null;
        Column key;
        if (o.groupBy() == null) {
            key = col("source");
        } else {
            offsets = offsets(format, paths, records, names);
            // blank lines are no exchange; a row with no key is grouped with the others of its file
            records = records.filter(col("key").isNotNull().or(col("error").isNotNull())
                    .or(col("text").rlike("[^ \\t\\r\\n]")));
            key = org.apache.spark.sql.functions.coalesce(col("key"),
                    org.apache.spark.sql.functions.concat(lit(GroupLint.NO_KEY), col("source")));
        }
        GroupLint.Lines lines = o.groupBy() != null ? GroupLint.Lines.INDEX
                : format.equals("jsonl") ? GroupLint.Lines.SOURCE : GroupLint.Lines.NONE;
        GroupLint lint = new GroupLint(o.groupBy(), lines,
                new GroupLint.Limits(o.maxGroupBytes(), o.maxGroupExchanges()), offsets);
        Dataset<Row> keyed = records.withColumn("key", key);
        Dataset<Row> out = keyed
                .groupByKey((MapFunction<Row, String>) r -> r.getString(Schemas.R_KEY), Encoders.STRING())
                .flatMapGroups(lint, Encoders.row(Schemas.OUTPUT))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(o.out());
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            dir = fs.makeQualified(dir);
            String findingsDir = new org.apache.hadoop.fs.Path(dir, "findings").toString();
            out.filter(col("kind").equalTo(Schemas.FINDING))
                    .drop("kind", "exchanges", "unreadable", "internal")
                    .write().mode(SaveMode.Overwrite).parquet(findingsDir);

            ObjectMapper mapper = Readers.newMapper();
            List<FileSummary> files = new ArrayList<>();
            List<Finding> findings = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            boolean internal = false;
            Iterator<Row> it = out.toLocalIterator();
            while (it.hasNext()) {
                Row r = it.next();
                if (Schemas.SUMMARY.equals(r.getString(0))) {
                    files.add(new FileSummary(r.getString(1), r.getInt(2), r.getInt(3)));
                    seen.add(r.getString(1));
                } else {
                    findings.add(finding(r, mapper));
                    internal |= r.getBoolean(r.fieldIndex("internal"));
                }
            }
            if (o.groupBy() == null && !paths.isEmpty()) {
                // an empty file has no rows, so no group: lint it as phasecheck lint would
                Linter linter = new Linter();
                for (String f : inputFiles(format, paths)) {
                    String name = names.display(f);
                    if (seen.add(name)) {
                        LintResult empty = linter.start(name).finish();
                        files.addAll(empty.files());
                        findings.addAll(empty.findings());
                        emptyFiles.add(name);
                    }
                }
            }
            Linter linter = new Linter();
            for (String f : har) {
                // a directory's HAR files are not read here: say so, never skip them silently
                String name = names.display(f);
                var run = linter.start(name);
                run.unreadable(null, null, "", "a HAR file: phasecheck-spark reads JSONL, JSON and Parquet; "
                        + "lint HAR files with phasecheck lint", false);
                LintResult r = run.finish();
                files.addAll(r.files());
                findings.addAll(r.findings());
                emptyFiles.add(name);
            }
            files.sort(java.util.Comparator.comparing(FileSummary::file));
            LintResult result = new LintResult(files, findings);
            fs.mkdirs(dir);
            try (OutputStream os = fs.create(new org.apache.hadoop.fs.Path(dir, "report.json"), true)) {
                new JsonReporter().write(result, new ReportContext(o.toolVersion(), FailOn.parse(o.failOn()), Rules.all()), os);
            }
            if (!emptyFiles.isEmpty()) {
                // the Parquet findings must hold these too
                writeExtra(result, emptyFiles, findingsDir);
            }
            return new Outcome(result, internal);
        } finally {
            out.unpersist();
        }
    }

    /** Findings of empty files, linted on the driver, appended to the Parquet findings. */
    private void writeExtra(LintResult result, Set<String> names, String findingsDir) {
        List<Row> rows = new ArrayList<>();
        ObjectMapper mapper = Readers.newMapper();
        for (Finding f : result.findings()) {
            if (!names.contains(f.file())) continue;
            rows.add(org.apache.spark.sql.RowFactory.create(f.file(), f.rule(), f.severity().id(),
                    dev.phasecheck.reports.Redactor.text(f.message()), f.index(), f.line(), f.pointer(),
                    f.value() == null ? null : mapper.writeValueAsString(dev.phasecheck.reports.Redactor.json(f.value())),
                    GroupLint.seq(List.of()), f.file(), null, GroupLint.seq(List.of())));
        }
        if (rows.isEmpty()) return;
        StructType schema = findingsSchema();
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Append).parquet(findingsDir);
    }

    private static StructType findingsSchema() {
        List<StructField> fs = new ArrayList<>();
        for (StructField f : Schemas.OUTPUT.fields()) {
            if (!List.of("kind", "exchanges", "unreadable", "internal").contains(f.name())) fs.add(f);
        }
        return new StructType(fs.toArray(new StructField[0]));
    }

    private static Finding finding(Row r, ObjectMapper mapper) {
        List<Related> related = new ArrayList<>();
        List<Row> rel = r.getList(r.fieldIndex("related"));
        if (rel != null) {
            for (Row x : rel) {
                related.add(new Related(x.getString(0), x.isNullAt(1) ? null : x.getInt(1),
                        x.isNullAt(2) ? null : x.getInt(2), x.getString(3), parse(x.getString(4), mapper)));
            }
        }
        List<Related> repeats = new ArrayList<>();
        List<Row> rep = r.getList(r.fieldIndex("repeats"));
        if (rep != null) {
            for (Row x : rep) {
                repeats.add(new Related(x.getString(0), x.isNullAt(1) ? null : x.getInt(1),
                        x.isNullAt(2) ? null : x.getInt(2), x.getString(3), parse(x.getString(4), mapper)));
            }
        }
        int i = r.fieldIndex("index");
        int l = r.fieldIndex("line");
        return new Finding(r.getString(r.fieldIndex("rule")), Severity.parse(r.getString(r.fieldIndex("severity"))),
                r.getString(r.fieldIndex("message")), r.getString(1), r.isNullAt(i) ? null : r.getInt(i),
                r.isNullAt(l) ? null : r.getInt(l), r.getString(r.fieldIndex("pointer")),
                parse(r.getString(r.fieldIndex("value")), mapper), related).withRepeats(repeats);
    }

    private static JsonNode parse(String json, ObjectMapper mapper) {
        return json == null ? null : mapper.readTree(json);
    }

    /** jsonl unless every input names .json or .parquet files. */
    static String guessFormat(List<String> inputs) {
        boolean json = true;
        boolean parquet = true;
        for (String in : inputs) {
            String n = in.toLowerCase(Locale.ROOT);
            json &= n.endsWith(".json");
            parquet &= n.endsWith(".parquet");
        }
        return parquet ? "parquet" : json ? "json" : "jsonl";
    }

    /** Checks that every input exists (globs must match something) and learns how to name its files. */
    private Names names(List<String> inputs) throws UsageException, IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> qualified = new ArrayList<>();
        for (String in : inputs) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(in);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] found = fs.globStatus(p);
            if (found == null || found.length == 0) throw new UsageException(in + ": no such file or directory");
            qualified.add(fs.makeQualified(p).toString());
        }
        FileSystem local = FileSystem.getLocal(conf);
        return Names.of(inputs, qualified, local.getWorkingDirectory().toString());
    }

    /**
     * The files of JSONL or JSON inputs: a file as named, a directory recursively as {@code phasecheck
     * lint} walks it, skipping what Spark skips ({@code _} and {@code .} names) and files another
     * reader is for ({@code .har}; {@code .parquet}; for JSON also {@code .jsonl}/{@code .ndjson}).
     */
    private List<String> textFiles(String format, List<String> inputs, List<String> har)
            throws IOException, UsageException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> files = new ArrayList<>();
        for (String in : inputs) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(in);
            FileSystem fs = p.getFileSystem(conf);
            int before = files.size();
            for (FileStatus st : fs.globStatus(p)) {
                if (!st.isDirectory()) {
                    files.add(st.getPath().toString());
                    continue;
                }
                org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
                List<String> found = new ArrayList<>();
                while (it.hasNext()) {
                    org.apache.hadoop.fs.Path f = it.next().getPath();
                    if (wanted(format, f, st.getPath())) found.add(f.toString());
                    else if (f.getName().toLowerCase(Locale.ROOT).endsWith(".har")) har.add(f.toString());
                }
                java.util.Collections.sort(found);
                files.addAll(found);
            }
            if (files.size() == before && har.isEmpty()) {
                throw new UsageException(in + ": holds no " + format + " files to lint"
                        + (format.equals("parquet") ? "" : " (for Parquet, add --input-format parquet)"));
            }
        }
        return files;
    }

    private static boolean wanted(String format, org.apache.hadoop.fs.Path file, org.apache.hadoop.fs.Path root) {
        for (org.apache.hadoop.fs.Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            if (p.getName().startsWith("_") || p.getName().startsWith(".")) return false;
        }
        String n = file.getName().toLowerCase(Locale.ROOT);
        if (n.endsWith(".har") || n.endsWith(".parquet") || n.endsWith(".crc")) return false;
        return !(format.equals("json") && (n.endsWith(".jsonl") || n.endsWith(".ndjson")));
    }

    private List<String> inputFiles(String format, List<String> inputs) {
        String[] paths = inputs.toArray(new String[0]);
        Dataset<Row> ds = format.equals("parquet") ? spark.read().parquet(paths) : spark.read().text(paths);
        return List.of(ds.inputFiles());
    }

    /** Reads the inputs as {@link Schemas#RECORD} rows. */
    private Dataset<Row> records(String format, List<String> inputs, String groupBy, Names names) {
        String[] paths = inputs.toArray(new String[0]);
        if (paths.length == 0) return spark.createDataFrame(List.of(), Schemas.RECORD);
        switch (format) {
            case "jsonl" -> {
                Dataset<Row> lines = spark.read().option("lineSep", "\n").text(paths);
                return lines.select(col("value"), col("_metadata.file_path"), col("_metadata.file_block_start"))
                        .mapPartitions(new Records.Jsonl(names, groupBy), Encoders.row(Schemas.RECORD));
            }
            case "json" -> {
                Dataset<Row> files = spark.read().option("wholetext", true).text(paths);
                return files.select(col("value"), col("_metadata.file_path"), col("_metadata.file_block_start"))
                        .flatMap(new Records.Json(names, groupBy), Encoders.row(Schemas.RECORD));
            }
            default -> {
                Dataset<Row> rows = spark.read().parquet(paths);
                Set<String> columns = new HashSet<>(List.of(rows.columns()));
                List<Column> select = new ArrayList<>(List.of(lit(null).cast("string").as("_unused"),
                        col("_metadata.file_path"), col("_metadata.file_block_start"),
                        (groupBy == null ? lit(null) : groupColumn(groupBy, columns)).cast("string").as("key"),
                        timeKey(rows).as("time_key")));
                for (String c : Records.EXCHANGE_COLUMNS) if (columns.contains(c)) select.add(col(c));
                Dataset<Row> selected = rows.select(select.toArray(new Column[0]));
                return selected.mapPartitions(new Records.Parquet(names, selected.schema()), Encoders.row(Schemas.RECORD));
            }
        }
    }

    /** A Parquet {@code time} as text the linting stage orders by: timestamps and dates as RFC 3339. */
    private static Column timeKey(Dataset<Row> rows) {
        if (!List.of(rows.columns()).contains("time")) return lit(null).cast("string");
        org.apache.spark.sql.types.DataType t = rows.schema().apply("time").dataType();
        if (t instanceof org.apache.spark.sql.types.TimestampType || t instanceof org.apache.spark.sql.types.TimestampNTZType
                || t instanceof org.apache.spark.sql.types.DateType) {
            return org.apache.spark.sql.functions.date_format(col("time").cast("timestamp"), "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
        }
        return col("time").cast("string");
    }

    /**
     * The Parquet group column: a column, a dotted path into a struct column, or any Spark SQL
     * expression over the columns (e.g. {@code get_json_object(request, '$.metadata.conversation_id')}).
     */
    private static Column groupColumn(String groupBy, Set<String> columns) {
        if (columns.contains(groupBy)) return col("`" + groupBy.replace("`", "``") + "`");
        return org.apache.spark.sql.functions.expr(groupBy);
    }

    /** For each source and split start, how many rows of that file come before the split. */
    private Map<String, Map<Long, Long>> offsets(String format, List<String> paths, Dataset<Row> records, Names names) {
        Map<String, TreeMap<Long, Long>> counts = new HashMap<>();
        if (paths.isEmpty()) return new HashMap<>();
        if (format.equals("json")) {
            // a JSON file is one text row holding many exchanges: count the exchanges
            for (Row r : records.groupBy("source", "block").count().collectAsList()) {
                counts.computeIfAbsent(r.getString(0), s -> new TreeMap<>()).put(r.getLong(1), r.getLong(2));
            }
        } else {
            // lines or rows per split, from the file metadata alone: no parsing, and for Parquet no column read
            String[] p = paths.toArray(new String[0]);
            Dataset<Row> raw = format.equals("parquet") ? spark.read().parquet(p) : spark.read().option("lineSep", "\n").text(p);
            for (Row r : raw.select(col("_metadata.file_path"), col("_metadata.file_block_start"))
                    .groupBy("file_path", "file_block_start").count().collectAsList()) {
                counts.computeIfAbsent(names.display(r.getString(0)), s -> new TreeMap<>()).put(r.getLong(1), r.getLong(2));
            }
        }
        Map<String, Map<Long, Long>> offsets = new HashMap<>();
        for (Map.Entry<String, TreeMap<Long, Long>> e : counts.entrySet()) {
            Map<Long, Long> before = new HashMap<>();
            long sum = 0;
            for (Map.Entry<Long, Long> b : e.getValue().entrySet()) {
                before.put(b.getKey(), sum);
                sum += b.getValue();
            }
            offsets.put(e.getKey(), before);
        }
        return offsets;
    }
}
