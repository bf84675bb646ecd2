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

    public JsonlReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void read(InputStream in, String file, TranscriptSink sink) throws IOException {
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[1 << 12];
        int lineLen = 0;
        int lineNo = 0;
        int index = 0;
        boolean first = true;
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) { // read, not readNBytes: a failing stream keeps what it gave
            int start = 0;
            for (int i = indexOfNewline(buf, 0, n); i >= 0; i = indexOfNewline(buf, i + 1, n)) {
                int len = i - start;
                lineNo++;
                if (lineLen == 0) {
                    index = handle(buf, start, len, first, file, lineNo, index, sink);
                } else {
                    line = append(line, lineLen, buf, start, len);
                    index = handle(line, 0, lineLen + len, first, file, lineNo, index, sink);
                    lineLen = 0;
                }
                first = false;
                start = i + 1;
            }
            if (start < n) {
                line = append(line, lineLen, buf, start, n - start);
                lineLen += n - start;
            }
        }
        if (lineLen > 0) {
            handle(line, 0, lineLen, first, file, lineNo + 1, index, sink);
        }
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

    private static byte[] append(byte[] line, int lineLen, byte[] src, int off, int len) {
        if (lineLen + len > line.length) {
            long want = Math.max((long) line.length * 2, (long) lineLen + len);
            if (want > Integer.MAX_VALUE - 16) throw new IllegalStateException("line longer than 2 GB");
            line = Arrays.copyOf(line, (int) want);
        }
        System.arraycopy(src, off, line, lineLen, len);
        return line;
    }

    /** Parses one line; returns the next exchange index. */
    private int handle(byte[] b, int off, int len, boolean first, String file, int lineNo, int index,
                       TranscriptSink sink) {
        if (first && len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF) {
            off += 3;
            len -= 3;
        }
        int end = off + len;
        int s = off;
        while (s < end && isSpace(b[s])) s++;
        if (s == end) return index; // blank line: no exchange position
        JsonNode node;
        try {
            node = TreeReader.parse(mapper, b, off, len);
        } catch (IllegalStateException e) {
            sink.unreadable(index, lineNo, "", "line is not valid JSON: " + e.getMessage(), true);
            return index + 1;
        } catch (JacksonException e) {
            sink.unreadable(index, lineNo, "", "line is not valid JSON: " + Readers.describe(e), true);
            return index + 1;
        }
        Exchange ex = Readers.toExchange(node, file, index, lineNo, mapper, sink);
        if (ex != null) sink.exchange(ex);
        return index + 1;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
