package dev.phasecheck.rules.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Native JSONL: one exchange object per line. Lines are split on raw bytes and parsed one at a
 * time, so the file is never held whole; a bad line is reported and the next line is read.
 */
public final class JsonlReader {
    private final ObjectMapper mapper;

    private final long maxLineBytes;

    public JsonlReader(ObjectMapper mapper) {
        // a line may take at most half the heap: past that it is reported as too large, not read
        this(mapper, Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 2));
    }

    /** A reader that reports lines longer than {@code maxLineBytes} as too large instead of reading them. */
    public JsonlReader(ObjectMapper mapper, long maxLineBytes) {
        this.mapper = mapper;
        this.maxLineBytes = maxLineBytes;
    }

    /** Lines up to this size grow one array; longer ones are kept as a list of chunks (no copying). */
    private static final int MAX_FLAT_LINE = 16 << 20;

    /** The bytes of the line being assembled across reads. */
    private static final class LineBuffer {
        byte[] flat = new byte[1 << 12];
        int flatLen;
        java.util.List<byte[]> chunks; // past MAX_FLAT_LINE: the flat part, then copies of what follows
        long size;
        boolean overflow; // too large for the heap: its bytes are counted, not kept

        void append(byte[] src, int off, int len, long limit) {
            size += len;
            if (overflow) return;
            if (size > limit) {
                overflow = true;
                flat = new byte[1 << 12];
                flatLen = 0;
                chunks = null;
                return;
            }
            if (chunks == null && flatLen + len <= MAX_FLAT_LINE) {
                if (flatLen + len > flat.length) flat = Arrays.copyOf(flat, Math.max(flat.length * 2, flatLen + len));
                System.arraycopy(src, off, flat, flatLen, len);
                flatLen += len;
                return;
            }
            if (chunks == null) {
                chunks = new java.util.ArrayList<>();
                chunks.add(Arrays.copyOf(flat, flatLen));
                flat = new byte[1 << 12];
                flatLen = 0;
            }
            chunks.add(Arrays.copyOfRange(src, off, off + len));
        }

        boolean isEmpty() {
            return size == 0;
        }

        InputStream stream() {
            if (chunks == null) return new java.io.ByteArrayInputStream(flat, 0, flatLen);
            java.util.List<InputStream> parts = new java.util.ArrayList<>(chunks.size());
            for (byte[] c : chunks) parts.add(new java.io.ByteArrayInputStream(c));
            return new java.io.SequenceInputStream(java.util.Collections.enumeration(parts));
        }

        void clear() {
            if (chunks != null || flat.length > 1 << 20) flat = new byte[1 << 12];
            chunks = null;
            flatLen = 0;
            size = 0;
            overflow = false;
        }
    }

    public void read(InputStream in, String file, TranscriptSink sink) throws IOException {
        Batch batch = sink instanceof ParallelSink p ? new Batch(p, file) : null;
        try {
            read(in, file, sink, batch);
        } finally {
            if (batch != null) batch.flush();
        }
    }

    private void read(InputStream in, String file, TranscriptSink sink, Batch batch) throws IOException {
        long limit = maxLineBytes;
        byte[] buf = new byte[1 << 16];
        LineBuffer line = new LineBuffer();
        int lineNo = 0;
        int index = 0;
        boolean first = true;
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) { // read, not readNBytes: a failing stream keeps what it gave
            int start = 0;
            for (int i = indexOfNewline(buf, 0, n); i >= 0; i = indexOfNewline(buf, i + 1, n)) {
                int len = i - start;
                lineNo++;
                if (line.isEmpty()) {
                    index = handle(buf, start, len, first, file, lineNo, index, sink, batch);
                } else {
                    line.append(buf, start, len, limit);
                    index = handle(line, first, file, lineNo, index, sink, batch);
                    line.clear();
                }
                first = false;
                start = i + 1;
            }
            if (start < n) line.append(buf, start, n - start, limit);
        }
        if (!line.isEmpty()) {
            handle(line, first, file, lineNo + 1, index, sink, batch);
        }
    }

    /** Lines are handed to other threads in runs of about this many bytes (or {@link #BATCH_LINES} lines). */
    static final int BATCH_BYTES = 256 << 10;
    static final int BATCH_LINES = 256;

    /**
     * A run of lines copied out of the read buffer, to be parsed on another thread: each line is
     * parsed, and what it yields reported, exactly as the sequential path would.
     */
    private final class Batch {
        private final ParallelSink sink;
        private final String file;
        private byte[] bytes = new byte[BATCH_BYTES];
        private int size;
        private int[] offsets = new int[BATCH_LINES];
        private int[] lengths = new int[BATCH_LINES];
        private int[] lineNos = new int[BATCH_LINES];
        private int[] indexes = new int[BATCH_LINES];
        private int count;

        Batch(ParallelSink sink, String file) {
            this.sink = sink;
            this.file = file;
        }

        void add(byte[] b, int off, int len, int lineNo, int index) {
            if (count > 0 && (count == BATCH_LINES || size + len > BATCH_BYTES)) flush();
            if (size + len > bytes.length) bytes = new byte[Math.max(BATCH_BYTES, len)];
            System.arraycopy(b, off, bytes, size, len);
            offsets[count] = size;
            lengths[count] = len;
            lineNos[count] = lineNo;
            indexes[count] = index;
            count++;
            size += len;
        }

        void flush() {
            if (count == 0) return;
            byte[] b = bytes;
            int[] off = offsets;
            int[] len = lengths;
            int[] lines = lineNos;
            int[] idx = indexes;
            int n = count;
            sink.defer(size, s -> {
                for (int k = 0; k < n; k++) parse(null, b, off[k], len[k], file, lines[k], idx[k], len[k], s);
            });
            bytes = new byte[BATCH_BYTES];
            offsets = new int[BATCH_LINES];
            lengths = new int[BATCH_LINES];
            lineNos = new int[BATCH_LINES];
            indexes = new int[BATCH_LINES];
            count = 0;
            size = 0;
        }
    }

    private int handle(LineBuffer line, boolean first, String file, int lineNo, int index, TranscriptSink sink,
                       Batch batch) {
        if (line.overflow) {
            if (batch != null) batch.flush();
            sink.unreadable(index, lineNo, "", Readers.tooLarge("line " + lineNo, line.size), true);
            return index + 1;
        }
        if (line.chunks == null) return handle(line.flat, 0, line.flatLen, first, file, lineNo, index, sink, batch);
        if (batch != null) batch.flush(); // a line this long is parsed here, streamed from its chunks
        InputStream body = line.stream();
        if (first) body = Bom.skip(body);
        return parse(body, null, 0, 0, file, lineNo, index, line.size, sink);
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long LOW = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    /** The index of the next '\n' in {@code b[from, to)}, or -1; eight bytes at a time (SWAR). */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (x - LOW) & ~x & HIGH;
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < to; i++) {
            if (b[i] == '\n') return i;
        }
        return -1;
    }

    /** Parses one line; returns the next exchange index. */
    private int handle(byte[] b, int off, int len, boolean first, String file, int lineNo, int index,
                       TranscriptSink sink, Batch batch) {
        if (first) {
            int bom = Bom.length(b, off, len);
            off += bom;
            len -= bom;
        }
        int end = off + len;
        int s = off;
        while (s < end && isSpace(b[s])) s++;
        if (s == end) return index; // blank line: no exchange position
        if (batch != null) {
            batch.add(b, off, len, lineNo, index);
            return index + 1;
        }
        return parse(null, b, off, len, file, lineNo, index, len, sink);
    }

    /** Parses one non-blank line and hands on its exchange; returns the next exchange index. */
    private int parse(InputStream body, byte[] b, int off, int len, String file, int lineNo, int index, long size,
                      TranscriptSink sink) {
        TreeReader.Line parsed;
        try {
            parsed = body != null ? TreeReader.parseExchange(mapper, body) : TreeReader.parseExchange(mapper, b, off, len);
        } catch (IllegalStateException e) {
            sink.unreadable(index, lineNo, "", "line is not valid JSON: " + e.getMessage(), true);
            return index + 1;
        } catch (JacksonException e) {
            sink.unreadable(index, lineNo, "", "line is not valid JSON: " + Readers.describe(e), true);
            return index + 1;
        } catch (OutOfMemoryError e) {
            sink.unreadable(index, lineNo, "", Readers.tooLarge("line " + lineNo, size), true);
            return index + 1;
        }
        Exchange ex = Readers.toExchange(parsed.node(), parsed.sse(), file, index, lineNo, mapper, sink);
        if (ex != null) sink.exchange(ex);
        return index + 1;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
