package dev.phasecheck.rules.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;

/** The UTF-8 byte order mark ({@code EF BB BF}) a file may start with: every reader skips it here. */
final class Bom {
    private Bom() {}

    /** 3 when {@code b[off, off + len)} starts with the mark, else 0. */
    static int length(byte[] b, int off, int len) {
        return len >= 3 && (b[off] & 0xff) == 0xEF && (b[off + 1] & 0xff) == 0xBB && (b[off + 2] & 0xff) == 0xBF ? 3 : 0;
    }

    /** The stream without its leading mark, if it has one (for in-memory streams, which do not fail). */
    static InputStream skip(InputStream in) {
        PushbackInputStream p = new PushbackInputStream(in, 3);
        try {
            byte[] head = p.readNBytes(3);
            if (length(head, 0, head.length) == 0) p.unread(head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The text without a leading mark, decoded as UTF-8 ({@code U+FEFF}) or as Latin-1 ({@code ï»¿}). */
    static String skip(String s) {
        if (s.startsWith("\uFEFF")) return s.substring(1);
        if (s.startsWith("\u00EF\u00BB\u00BF")) return s.substring(3);
        return s;
    }
}
