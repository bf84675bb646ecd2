package dev.phasecheck.spark;

import dev.phasecheck.reports.Redactor;
import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.api.Related;
import dev.phasecheck.rules.engine.TranscriptRun;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.Readers;
import dev.phasecheck.rules.read.TreeReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Lints one group of input rows as one transcript, inside an executor, with the core linter:
 * rows to exchanges in, findings to rows out. A group is collected only up to the limits; past
 * them it is reported as too large, never linted in part and never an out-of-memory failure.
 */
final class GroupLint implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;

    /** Keys of the groups of rows that have no group key: this, then the source file. */
    static final String NO_KEY = "\u0000no-key\u0000";
    /** How many rows without a key are each listed as a finding, per input file. */
    static final int LISTED_KEYLESS = 100;

    /** Where a finding's line comes from. */
    enum Lines {
        /** the row's line in its JSONL file (a whole file is the transcript) */
        SOURCE,
        /** index + 1: the transcript as if written as JSONL ({@link Linter#lintExchanges}) */
        INDEX,
        /** none: JSON and Parquet files have no lines */
        NONE
    }

    private final String groupBy;
    private final Lines lines;
    private final Limits limits;
    private final Map<String, Map<Long, Long>> offsets;
    private transient Linter linter;
    private transient ObjectMapper mapper;

    /**
     * @param groupBy the grouping column, or null when each input file is a transcript
     * @param offsets for column grouping: for each source and split start, the number of rows
     *                before that split in its file (to number the rows), or null
     */
    GroupLint(String groupBy, Lines lines, Limits limits, Map<String, Map<Long, Long>> offsets) {
        this.groupBy = groupBy;
        this.lines = lines;
        this.limits = limits;
        this.offsets = offsets;
    }

    /** One input row of the group. */
    private record Rec(String source, long block, long seq, String time, String text, String error, long[] row) {
        boolean blank() {
            if (error != null || text == null) return text == null && error == null;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
            }
            return true;
        }
    }

    private static final Comparator<Rec> POSITION = Comparator.comparing(Rec::source)
            .thenComparingLong(Rec::block).thenComparingLong(Rec::seq);

    @Override
    public Iterator<Row> call(String key, Iterator<Row> rows) {
        if (linter == null) {
            linter = new Linter();
            mapper = Readers.newMapper();
        }
        boolean keyless = key.startsWith(NO_KEY);
        String name = keyless ? "(no " + groupBy + ") " + key.substring(NO_KEY.length()) : key;
        List<Rec> recs = new ArrayList<>();
        long count = 0;
        long bytes = 0;
        boolean tooLarge = false;
        while (rows.hasNext()) {
            Row r = rows.next();
            String text = r.getString(Schemas.R_TEXT);
            String error = r.getString(Schemas.R_ERROR);
            bytes += (text == null ? 0 : text.length()) + (error == null ? 0 : error.length());
            Rec rec = new Rec(r.getString(Schemas.R_SOURCE), r.getLong(Schemas.R_BLOCK), r.getLong(Schemas.R_SEQ),
                    r.getString(Schemas.R_TIME), text, error, new long[1]);
            if (!rec.blank()) count++;
            if (tooLarge) continue;
            if (bytes > limits.maxBytes() || count > limits.maxExchanges()) {
                tooLarge = true;
                recs = null; // let it go: from here on only count
                continue;
            }
            recs.add(rec);
        }
        List<Row> out = new ArrayList<>();
        try {
            if (tooLarge) {
                tooLarge(name, count, bytes, out);
            } else {
                recs.sort(POSITION);
                number(recs);
                List<Rec> ordered = new ArrayList<>();
                for (Rec r : recs) if (!r.blank()) ordered.add(r);
                if (keyless) {
                    keyless(name, ordered, out);
                } else {
                    inTimeOrder(ordered);
                    lint(name, ordered, out);
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            out.clear();
            out.add(summary(name, (int) Math.min(count, Integer.MAX_VALUE), 0));
            out.add(RowFactory.create(Schemas.FINDING, name, null, null, "internal-error", "error",
                    "phasecheck internal error (a bug in phasecheck, not a problem of the input) while linting this "
                            + "transcript: " + e.getClass().getSimpleName() + "; it was not checked; please report this",
                    null, null, "", null, seq(List.of()), null, null, true, seq(List.of())));
        }
        return out.iterator();
    }

    /** Sets each row's 1-based row number in its source file. */
    private void number(List<Rec> recs) {
        long rank = 0;
        for (Rec r : recs) {
            if (offsets == null) {
                r.row()[0] = ++rank;
            } else {
                Map<Long, Long> bySplit = offsets.get(r.source());
                Long before = bySplit == null ? null : bySplit.get(r.block());
                r.row()[0] = before == null ? -1 : before + r.seq() + 1;
            }
        }
    }

    /** Orders by time when every exchange has one (stable: equal times keep their order), else keeps position. */
    private static void inTimeOrder(List<Rec> recs) {
        List<Instant> times = new ArrayList<>(recs.size());
        for (Rec r : recs) {
            Instant t = instant(r.time());
            if (t == null) return;
            times.add(t);
        }
        Integer[] order = new Integer[recs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparing(times::get));
        List<Rec> sorted = new ArrayList<>(recs.size());
        for (Integer i : order) sorted.add(recs.get(i));
        recs.clear();
        recs.addAll(sorted);
    }

    /** An RFC 3339 time, or epoch seconds (milliseconds when that large); null when it is neither. */
    static Instant instant(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            double d = Double.parseDouble(s.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) return null;
            long ms = Math.abs(d) >= 1e11 ? (long) d : (long) (d * 1000);
            return Instant.ofEpochMilli(ms);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Integer line(Rec r, int index) {
        return switch (lines) {
            case SOURCE -> r.row()[0] > 0 && r.row()[0] <= Integer.MAX_VALUE ? (int) r.row()[0] : null;
            case INDEX -> index + 1;
            case NONE -> null;
        };
    }

    private void lint(String name, List<Rec> ordered, List<Row> out) {
        TranscriptRun run = linter.start(name);
        for (int i = 0; i < ordered.size(); i++) {
            Rec r = ordered.get(i);
            Integer line = line(r, i);
            if (r.error() != null) {
                run.unreadable(i, line, "", r.error(), true);
                continue;
            }
            JsonNode node;
            try {
                node = TreeReader.parse(mapper, r.text());
            } catch (IllegalStateException e) {
                run.unreadable(i, line, "", "line is not valid JSON: " + e.getMessage(), true);
                continue;
            } catch (JacksonException e) {
                run.unreadable(i, line, "", "line is not valid JSON: " + Readers.describe(e), true);
                continue;
            }
            Exchange ex = Readers.toExchange(node, name, i, line, mapper, run);
            if (ex != null) run.exchange(ex);
        }
        emit(run.finish(), ordered, out);
    }

    /** Rows without a group key belong to no transcript: say so, once per file, and list the first ones. */
    private void keyless(String name, List<Rec> ordered, List<Row> out) {
        TranscriptRun run = linter.start(name);
        run.unreadable(null, null, "", ordered.size() + (ordered.size() == 1 ? " row has" : " rows have") + " no \""
                + groupBy + "\" (the --group-by column), so they belong to no transcript and were not checked"
                + (ordered.size() > LISTED_KEYLESS ? "; the first " + LISTED_KEYLESS + " are listed" : ""), false);
        for (int i = 0; i < Math.min(ordered.size(), LISTED_KEYLESS); i++) {
            Rec r = ordered.get(i);
            String why;
            if (r.error() != null) {
                why = r.error();
            } else {
                try {
                    TreeReader.parse(mapper, r.text());
                    why = "row has no \"" + groupBy + "\", so it belongs to no transcript and was not checked";
                } catch (JacksonException e) {
                    why = "line is not valid JSON: " + Readers.describe(e);
                } catch (IllegalStateException e) {
                    why = "line is not valid JSON: " + e.getMessage();
                }
            }
            run.unreadable(i, line(r, i), "", why, true);
        }
        LintResult res = run.finish();
        List<Row> rows = new ArrayList<>();
        emit(res, ordered, rows);
        // every keyless row is a position that could not be read, listed or not
        rows.set(0, summary(name, ordered.size(), ordered.size()));
        out.addAll(rows);
    }

    private void tooLarge(String name, long count, long bytes, List<Row> out) {
        TranscriptRun run = linter.start(name);
        run.unreadable(null, null, "", "transcript too large to lint in one executor: " + count + " exchanges, "
                + bytes + " characters of JSON (limits: " + limits.maxExchanges() + " exchanges, " + limits.maxBytes()
                + " characters); it was not checked. Raise the limits with --max-group-exchanges and --max-group-bytes"
                + " and give the executors more memory (spark.executor.memory), or group by a finer column (--group-by)",
                false);
        int n = (int) Math.min(count, Integer.MAX_VALUE);
        List<Row> rows = new ArrayList<>();
        emit(run.finish(), List.of(), rows);
        rows.set(0, summary(name, n, n));
        out.addAll(rows);
    }

    private void emit(LintResult res, List<Rec> ordered, List<Row> out) {
        for (FileSummary s : res.files()) out.add(summary(s.file(), s.exchanges(), s.unreadable()));
        String fileSource = groupBy == null && !ordered.isEmpty() ? ordered.get(0).source() : null;
        for (Finding f : res.findings()) {
            String source = fileSource;
            Long sourceRow = null;
            if (f.index() != null && f.index() >= 0 && f.index() < ordered.size()) {
                Rec r = ordered.get(f.index());
                source = r.source();
                sourceRow = r.row()[0] > 0 ? r.row()[0] : null;
            }
            List<Row> related = new ArrayList<>();
            for (Related rel : f.related()) {
                related.add(RowFactory.create(rel.file(), rel.index(), rel.line(), rel.pointer(), json(rel.value())));
            }
            List<Row> repeats = new ArrayList<>();
            for (Related rep : f.repeats()) {
                repeats.add(RowFactory.create(rep.file(), rep.index(), rep.line(), rep.pointer(), json(rep.value())));
            }
            out.add(RowFactory.create(Schemas.FINDING, f.file(), null, null, f.rule(), f.severity().id(),
                    Redactor.text(f.message()), f.index(), f.line(), f.pointer(), json(f.value()), seq(related), source,
                    sourceRow, false, seq(repeats)));
        }
    }

    /** A list as the Row encoder wants an array: a Scala Seq. */
    static scala.collection.immutable.Seq<Row> seq(List<Row> rows) {
        return scala.jdk.javaapi.CollectionConverters.asScala(rows).toList();
    }

    /** Redacted JSON text, or null when there is no value. */
    private String json(JsonNode v) {
        return v == null ? null : mapper.writeValueAsString(Redactor.json(v));
    }

    private static Row summary(String file, int exchanges, int unreadable) {
        return RowFactory.create(Schemas.SUMMARY, file, exchanges, unreadable, null, null, null, null, null, null, null,
                null, null, null, false, null);
    }

    /** How much of one group is collected before it is reported as too large. */
    record Limits(long maxBytes, long maxExchanges) implements java.io.Serializable {}
}
