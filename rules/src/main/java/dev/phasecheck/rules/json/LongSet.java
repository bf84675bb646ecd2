package dev.phasecheck.rules.json;

import java.util.Arrays;

/** A small open-addressing set of longs (no boxing), cleared when it reaches its limit. */
public final class LongSet {
    private static final long EMPTY = 0;
    private long[] table = new long[256];
    private int size;
    private boolean hasZero;
    private final int limit;

    public LongSet(int limit) {
        this.limit = limit;
    }

    public boolean contains(long v) {
        if (v == EMPTY) return hasZero;
        int mask = table.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            long t = table[i];
            if (t == v) return true;
            if (t == EMPTY) return false;
        }
    }

    public void add(long v) {
        if (v == EMPTY) {
            hasZero = true;
            return;
        }
        if (size >= limit) clear();
        if ((size + 1) * 2 > table.length) grow();
        int mask = table.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            long t = table[i];
            if (t == v) return;
            if (t == EMPTY) {
                table[i] = v;
                size++;
                return;
            }
        }
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    public void clear() {
        table = new long[256];
        size = 0;
        hasZero = false;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != EMPTY) add(v);
        }
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "LongSet" + Arrays.toString(new int[] {size()});
    }
}
