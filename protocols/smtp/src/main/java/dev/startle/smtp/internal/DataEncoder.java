package dev.startle.smtp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Prepares message content for the wire, chunk by chunk: every line ending becomes CRLF (a bare LF or a bare CR is
 * completed, never passed on: RFC 5321 section 2.3.8, and the SMTP smuggling defence), and for DATA each line that
 * starts with a dot gets a second one (RFC 5321 section 4.5.2). State carries across chunks, so a CR at the end of one
 * chunk and an LF at the start of the next make one CRLF.
 *
 * <p>Works on arrays (one bulk copy in, one wrapped array out) rather than byte by byte on buffers. One instance per
 * message; not thread-safe.
 */
public final class DataEncoder {
    private final boolean dotStuff;
    private boolean lineStart = true;
    private boolean afterCr;

    private DataEncoder(boolean dotStuff) {
        this.dotStuff = dotStuff;
    }

    /** For DATA: normalises line endings and dot-stuffs. */
    public static DataEncoder forData() {
        return new DataEncoder(true);
    }

    /** For BDAT: normalises line endings only. */
    public static DataEncoder forBdat() {
        return new DataEncoder(false);
    }

    /** Encodes {@code in} (released) into a new heap buffer. */
    public ByteBuf encode(ByteBuf in) {
        byte[] src;
        int from;
        int n;
        try {
            n = in.readableBytes();
            if (in.hasArray()) {
                src = in.array();
                from = in.arrayOffset() + in.readerIndex();
            } else {
                src = new byte[n];
                in.getBytes(in.readerIndex(), src);
                from = 0;
            }
            // Worst case: every byte a bare LF or CR (doubled), or a dot at a line start (doubled).
            byte[] dst = new byte[2 * n + 1];
            int w = encode(src, from, from + n, dst);
            return Unpooled.wrappedBuffer(dst, 0, w);
        } finally {
            in.release();
        }
    }

    private int encode(byte[] src, int from, int to, byte[] dst) {
        int w = 0;
        boolean lineStart = this.lineStart;
        boolean afterCr = this.afterCr;
        for (int i = from; i < to; i++) {
            byte b = src[i];
            if (afterCr) {
                afterCr = false;
                dst[w++] = '\n';
                lineStart = true;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                dst[w++] = '\r';
                afterCr = true;
            } else if (b == '\n') {
                dst[w++] = '\r';
                dst[w++] = '\n';
                lineStart = true;
            } else {
                if (lineStart && dotStuff && b == '.') {
                    dst[w++] = '.';
                }
                dst[w++] = b;
                lineStart = false;
            }
        }
        this.lineStart = lineStart;
        this.afterCr = afterCr;
        return w;
    }

    /**
     * What must follow the last chunk: the end of an unfinished line (so the content ends with CRLF), and for DATA the
     * terminating {@code .CRLF}.
     */
    public ByteBuf finish() {
        byte[] out = new byte[5];
        int w = 0;
        if (afterCr) {
            out[w++] = '\n';
        } else if (!lineStart) {
            out[w++] = '\r';
            out[w++] = '\n';
        }
        afterCr = false;
        lineStart = true;
        if (dotStuff) {
            out[w++] = '.';
            out[w++] = '\r';
            out[w++] = '\n';
        }
        return Unpooled.wrappedBuffer(out, 0, w);
    }
}
