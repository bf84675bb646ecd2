package dev.phasecheck.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The row shapes the job passes between its stages. */
final class Schemas {
    private Schemas() {}

    /**
     * One input row, before grouping: where it came from ({@code source} as named on the command
     * line, the split's start {@code block} and the row's position {@code seq} in that split), its
     * group {@code key} (null: the row has none), its {@code time} as written, and either the
     * exchange as JSON {@code text} or the reason it cannot be one ({@code error}).
     */
    static final StructType RECORD = new StructType(new StructField[] {
            DataTypes.createStructField("source", DataTypes.StringType, false),
            DataTypes.createStructField("block", DataTypes.LongType, false),
            DataTypes.createStructField("seq", DataTypes.LongType, false),
            DataTypes.createStructField("key", DataTypes.StringType, true),
            DataTypes.createStructField("time", DataTypes.StringType, true),
            DataTypes.createStructField("text", DataTypes.StringType, true),
            DataTypes.createStructField("error", DataTypes.StringType, true),
    });
    static final int R_SOURCE = 0, R_BLOCK = 1, R_SEQ = 2, R_KEY = 3, R_TIME = 4, R_TEXT = 5, R_ERROR = 6;

    static final StructType RELATED = new StructType(new StructField[] {
            DataTypes.createStructField("file", DataTypes.StringType, true),
            DataTypes.createStructField("index", DataTypes.IntegerType, true),
            DataTypes.createStructField("line", DataTypes.IntegerType, true),
            DataTypes.createStructField("pointer", DataTypes.StringType, true),
            DataTypes.createStructField("value", DataTypes.StringType, true),
    });

    /**
     * What linting one group gives: one {@code summary} row (the transcript's file summary) and one
     * {@code finding} row per finding, with the JSON report's fields ({@code value} as JSON text),
     * the input row the finding's exchange came from ({@code source}, {@code source_row}, 1-based;
     * the line for JSONL), and {@code internal} when phasecheck itself failed on the group.
     */
    static final StructType OUTPUT = new StructType(new StructField[] {
            DataTypes.createStructField("kind", DataTypes.StringType, false),
            DataTypes.createStructField("file", DataTypes.StringType, false),
            DataTypes.createStructField("exchanges", DataTypes.IntegerType, true),
            DataTypes.createStructField("unreadable", DataTypes.IntegerType, true),
            DataTypes.createStructField("rule", DataTypes.StringType, true),
            DataTypes.createStructField("severity", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, true),
            DataTypes.createStructField("index", DataTypes.IntegerType, true),
            DataTypes.createStructField("line", DataTypes.IntegerType, true),
            DataTypes.createStructField("pointer", DataTypes.StringType, true),
            DataTypes.createStructField("value", DataTypes.StringType, true),
            DataTypes.createStructField("related", DataTypes.createArrayType(RELATED, false), true),
            DataTypes.createStructField("source", DataTypes.StringType, true),
            DataTypes.createStructField("source_row", DataTypes.LongType, true),
            DataTypes.createStructField("internal", DataTypes.BooleanType, false),
            // one finding per fault: the later requests that repeat it (file, index, line, pointer)
            DataTypes.createStructField("repeats", DataTypes.createArrayType(RELATED, false), true),
    });
    static final String SUMMARY = "summary";
    static final String FINDING = "finding";
}
