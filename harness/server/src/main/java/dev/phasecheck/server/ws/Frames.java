package dev.phasecheck.server.ws;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** RFC 6455 framing, server side: reads masked client frames, writes unmasked server frames. */
final class Frames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** One frame as read (payload already unmasked). */
    record Frame(boolean fin, int opcode, byte[] payload) {
        boolean control() {
            return (opcode & 0x8) != 0;
        }
    }

    /** A violation of the protocol, with the close code to answer it with. */
    static final class ProtocolError extends IOException {
        final int closeCode;

        ProtocolError(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }
    }

    private Frames() {
    }

    /**
     * Reads one frame, or returns null at a clean end of stream before its first byte.
     *
     * @param maxPayload the largest payload accepted (larger: close 1009)
     */
    static Frame read(InputStream in, long maxPayload) throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        int b1 = readByte(in);
        boolean fin = (b0 & 0x80) != 0;
        if ((b0 & 0x70) != 0) throw new ProtocolError(1002, "reserved bits set, but no extension was negotiated");
        int opcode = b0 & 0x0F;
        if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE && opcode != PING && opcode != PONG) {
            throw new ProtocolError(1002, "unknown opcode " + opcode);
        }
        if ((b1 & 0x80) == 0) throw new ProtocolError(1002, "a client frame must be masked");
        long len = b1 & 0x7F;
        if (len == 126) {
            len = (readByte(in) << 8) | readByte(in);
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) len = (len << 8) | readByte(in);
            if (len < 0) throw new ProtocolError(1002, "negative payload length");
        }
        boolean control = (opcode & 0x8) != 0;
        if (control && (len > 125 || !fin)) throw new ProtocolError(1002, "a control frame must be final and at most 125 bytes");
        if (len > maxPayload) throw new ProtocolError(1009, "message larger than " + maxPayload + " bytes");
        byte[] mask = readFully(in, 4);
        byte[] payload = readFully(in, (int) len);
        for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
        return new Frame(fin, opcode, payload);
    }

    /** Writes one final, unmasked frame and flushes it. */
    static void write(OutputStream out, int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        byte[] head;
        if (n < 126) {
            head = new byte[] {(byte) (0x80 | opcode), (byte) n};
        } else if (n <= 0xFFFF) {
            head = new byte[] {(byte) (0x80 | opcode), 126, (byte) (n >>> 8), (byte) n};
        } else {
            head = new byte[10];
            head[0] = (byte) (0x80 | opcode);
            head[1] = 127;
            long l = n;
            for (int i = 0; i < 8; i++) head[9 - i] = (byte) (l >>> (8 * i));
        }
        byte[] frame = new byte[head.length + n];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(payload, 0, frame, head.length, n);
        out.write(frame); // one write: header and payload leave in one segment
        out.flush();
    }

    /** The payload of a close frame: the code, then the UTF-8 reason (cut to fit 125 bytes). */
    static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = Math.min(r.length, 123);
        byte[] p = new byte[2 + n];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, n);
        return p;
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("connection closed inside a frame");
        return b;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException("connection closed inside a frame");
        return b;
    }
}
