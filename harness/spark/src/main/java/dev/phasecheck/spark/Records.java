package dev.phasecheck.spark;

import dev.phasecheck.rules.read.Readers;
import dev.phasecheck.rules.read.TreeReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns what Spark read into {@link Schemas#RECORD} rows: the adapter from rows to exchanges. Runs in
 * the executors. Nothing here throws on bad content: a row that cannot be an exchange carries its
 * reason in {@code error}, and the linting stage turns it into a located finding.
 */
final class Records {
    private Records() {}

    /** The native exchange fields a Parquet row may hold (columns of these names). */
    static final List<String> EXCHANGE_COLUMNS = List.of("request", "response", "response_sse", "url", "status", "time");

    /**
     * JSONL lines as read by Spark's text source: columns {@code text, path, block}. A line's
     * {@code seq} is its position in its split, so (block, seq) orders a file's lines. The group
     * key and the time are found by scanning the line's top-level fields, stopping when both are
     * found (the line is parsed whole only later, once, by the linting stage).
     */
    static final class Jsonl implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Names names;
        private final String groupBy;
        private transient ObjectMapper mapper;

        Jsonl(Names names, String groupBy) {
            this.names = names;
            this.groupBy = groupBy;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            if (mapper == null) mapper = Readers.newMapper();
            return new Positioned(in) {
                @Override
                Row make(Row r, String path, long block, long seq) {
                    String text = r.getString(0);
                    if (text != null && !text.isEmpty() && text.charAt(0) == '\uFEFF' && block == 0 && seq == 0) {
                        text = text.substring(1);
                    }
                    String[] keyAndTime = scan(mapper, text, groupBy);
                    return RowFactory.create(names.display(path), block, seq, keyAndTime[0], keyAndTime[1], text, null);
                }
            };
        }
    }

    /**
     * The group key (at a dotted path) and the {@code time} of one JSON object line, as text; nulls
     * where absent, not scalars, or the line is not a JSON object. Reads no further than needed.
     */
    static String[] scan(ObjectMapper mapper, String line, String groupBy) {
        String[] out = new String[2];
        if (line == null) return out;
        String first = groupBy == null ? null : groupBy.split("\\.", 2)[0];
        String rest = groupBy == null || !groupBy.contains(".") ? null : groupBy.substring(first.length() + 1);
        boolean needKey = groupBy != null;
        boolean needTime = true;
        try (JsonParser p = mapper.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return out;
            while ((needKey || needTime) && p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (needKey && name.equals(first)) {
                    needKey = false;
                    if (rest == null) {
                        out[0] = v.isScalarValue() && v != JsonToken.VALUE_NULL ? p.getString() : null;
                        if (!v.isScalarValue()) p.skipChildren();
                    } else {
                        out[0] = scalar(lookup(TreeReader.read(p), rest));
                    }
                } else if (needTime && name.equals("time")) {
                    needTime = false;
                    out[1] = v.isScalarValue() && v != JsonToken.VALUE_NULL ? p.getString() : null;
                    if (!v.isScalarValue()) p.skipChildren();
                } else {
                    p.skipChildren();
                }
            }
        } catch (JacksonException | IllegalStateException e) {
            // not JSON: the linting stage says so, at the line
        }
        return out;
    }

    /**
     * Parquet rows: columns {@code (unused), path, block, key, time} then the exchange columns present (JSON
     * text or structs). A struct's null fields are left out: a struct column cannot tell a missing
     * key from a null one, and a schema forces every field onto every item.
     */
    static final class Parquet implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        static final int FIRST_EXCHANGE_COLUMN = 5;
        private final Names names;
        private final StructType schema;
        private transient ObjectMapper mapper;

        Parquet(Names names, StructType schema) {
            this.names = names;
            this.schema = schema;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            if (mapper == null) mapper = Readers.newMapper();
            return new Positioned(in) {
                @Override
                Row make(Row r, String path, long block, long seq) {
                    String text = null;
                    String error;
                    try {
                        ObjectNode ex = mapper.createObjectNode();
                        error = exchange(r, ex);
                        if (error == null) text = mapper.writeValueAsString(ex);
                    } catch (RuntimeException | StackOverflowError e) {
                        error = "row could not be read as an exchange: " + e;
                    }
                    return RowFactory.create(names.display(path), block, seq, r.getString(3), r.getString(4), text, error);
                }
            };
        }

        /** Fills {@code ex} from the row's exchange columns; returns why it cannot, or null. */
        private String exchange(Row r, ObjectNode ex) {
            StructField[] fields = schema.fields();
            for (int i = FIRST_EXCHANGE_COLUMN; i < fields.length; i++) {
                String name = fields[i].name();
                if (r.isNullAt(i)) continue;
                DataType t = fields[i].dataType();
                Object v = r.get(i);
                if ((name.equals("request") || name.equals("response")) && t instanceof StringType) {
                    String s = (String) v;
                    try {
                        ex.set(name, TreeReader.parse(mapper, s));
                    } catch (JacksonException e) {
                        return "column \"" + name + "\" is not valid JSON: " + Readers.describe(e);
                    } catch (IllegalStateException e) {
                        return "column \"" + name + "\" is not valid JSON: " + e.getMessage();
                    }
                } else {
                    ex.set(name, toJson(v, t));
                }
            }
            return null;
        }
    }

    /** Converts a Spark value of the given type to JSON; struct fields that are null are left out. */
    static JsonNode toJson(Object v, DataType t) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) return f.nullNode();
        if (t instanceof StructType st) {
            Row row = (Row) v;
            ObjectNode o = f.objectNode();
            StructField[] fs = st.fields();
            for (int i = 0; i < fs.length; i++) {
                if (!row.isNullAt(i)) o.set(fs[i].name(), toJson(row.get(i), fs[i].dataType()));
            }
            return o;
        }
        if (t instanceof ArrayType at) {
            ArrayNode a = f.arrayNode();
            for (Object e : seq(v)) a.add(toJson(e, at.elementType()));
            return a;
        }
        if (t instanceof MapType mt) {
            ObjectNode o = f.objectNode();
            Map<?, ?> m = v instanceof Map<?, ?> jm ? jm
                    : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Map<?, ?>) v);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() != null) o.set(String.valueOf(e.getKey()), toJson(e.getValue(), mt.valueType()));
            }
            return o;
        }
        if (t instanceof BooleanType) return f.booleanNode((Boolean) v);
        if (t instanceof BinaryType) return f.stringNode(java.util.Base64.getEncoder().encodeToString((byte[]) v));
        if (v instanceof Integer i) return f.numberNode(i);
        if (v instanceof Long l) return f.numberNode(l);
        if (v instanceof Short s) return f.numberNode(s);
        if (v instanceof Byte b) return f.numberNode(b);
        if (v instanceof Double d) return f.numberNode(d);
        if (v instanceof Float x) return f.numberNode(x);
        if (v instanceof java.math.BigDecimal d) return f.numberNode(d);
        return f.stringNode(String.valueOf(v));
    }

    private static Iterable<?> seq(Object v) {
        if (v instanceof List<?> l) return l;
        if (v instanceof Object[] arr) return List.of(arr);
        return scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Iterable<?>) v);
    }

    /**
     * Whole {@code .json} files (columns {@code text, path, block}): one exchange, an array of them,
     * or {@code {"exchanges": [...]}}, as {@code phasecheck lint} reads them. The group key and time
     * are looked up in each exchange.
     */
    static final class Json implements FlatMapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Names names;
        private final String groupBy;
        private transient ObjectMapper mapper;

        Json(Names names, String groupBy) {
            this.names = names;
            this.groupBy = groupBy;
        }

        @Override
        public Iterator<Row> call(Row r) {
            if (mapper == null) mapper = Readers.newMapper();
            String source = names.display(r.getString(1));
            long block = r.getLong(2);
            List<Row> out = new ArrayList<>();
            String text = r.getString(0);
            if (text == null) return out.iterator();
            try (JsonParser p = mapper.createParser(text)) {
                JsonToken t = p.nextToken();
                if (t == null) return out.iterator();
                if (t == JsonToken.START_ARRAY) {
                    readArray(p, source, block, out);
                } else if (t == JsonToken.START_OBJECT) {
                    ObjectNode single = mapper.createObjectNode();
                    boolean sawExchanges = false;
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("exchanges".equals(name) && v == JsonToken.START_ARRAY) {
                            readArray(p, source, block, out);
                            sawExchanges = true;
                        } else {
                            single.set(name, TreeReader.read(p));
                        }
                    }
                    if (single.has("log") && !single.has("request")) {
                        out.add(error(source, block, out.size(),
                                "a HAR file: phasecheck-spark reads exchanges (JSONL, JSON, Parquet); lint HAR files with phasecheck lint"));
                    } else if (!sawExchanges) {
                        out.add(record(single, source, block, out.size()));
                    }
                } else {
                    out.add(record(TreeReader.read(p), source, block, 0));
                }
            } catch (JacksonException e) {
                out.add(error(source, block, out.size(), "not valid JSON: " + Readers.describe(e)));
            } catch (RuntimeException | StackOverflowError e) {
                out.add(error(source, block, out.size(), "file could not be read: " + e));
            }
            return out.iterator();
        }

        private void readArray(JsonParser p, String source, long block, List<Row> out) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                out.add(record(TreeReader.read(p), source, block, out.size()));
            }
        }

        private Row record(JsonNode node, String source, long block, long seq) {
            String key = groupBy == null ? null : scalar(lookup(node, groupBy));
            String time = node.isObject() ? scalar(node.get("time")) : null;
            return RowFactory.create(source, block, seq, key, time, mapper.writeValueAsString(node), null);
        }

        private static Row error(String source, long block, long seq, String message) {
            return RowFactory.create(source, block, seq, null, null, null, message);
        }
    }

    /** The value at a dotted path ({@code metadata.session_id}), or null. */
    static JsonNode lookup(JsonNode node, String dotted) {
        JsonNode n = node;
        for (String part : dotted.split("\\.")) {
            if (n == null || !n.isObject()) return null;
            n = n.get(part);
        }
        return n;
    }

    /** A scalar as text (numbers too); null for missing, null, objects and arrays. */
    static String scalar(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainer()) return null;
        return n.isString() ? n.asString() : n.toString();
    }

    /**
     * Numbers rows by their position in their split: input columns {@code path} and {@code block}
     * are at 1 and 2. Lazy, so a partition is never held whole.
     */
    private abstract static class Positioned implements Iterator<Row> {
        private final Iterator<Row> in;
        private String path;
        private long block = -1;
        private long seq;

        Positioned(Iterator<Row> in) {
            this.in = in;
        }

        abstract Row make(Row r, String path, long block, long seq);

        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public Row next() {
            if (!in.hasNext()) throw new NoSuchElementException();
            Row r = in.next();
            String p = r.getString(1);
            long b = r.getLong(2);
            if (!p.equals(path) || b != block) {
                path = p;
                block = b;
                seq = 0;
            }
            return make(r, p, b, seq++);
        }
    }
}
