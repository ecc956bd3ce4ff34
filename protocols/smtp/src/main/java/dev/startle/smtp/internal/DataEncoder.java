package dev.startle.smtp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Prepares message content for the wire, chunk by chunk: every line ending becomes CRLF (a bare LF or a bare CR is
 * completed, never passed on: RFC 5321 section 2.3.8, and the SMTP smuggling defence), and for DATA each line that
 * starts with a dot gets a second one (RFC 5321 section 4.5.2). State carries across chunks, so a CR at the end of one
 * chunk and an LF at the start of the next make one CRLF.
 *
 * <p>Works on arrays (one bulk copy in, one wrapped array out, runs between line endings copied in bulk) rather than
 * byte by byte on buffers. One instance per message; not thread-safe.
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
            return encode(src, from, from + n);
        } finally {
            in.release();
        }
    }

    /**
     * Copies runs of ordinary bytes in bulk and looks at each byte only to find the next CR or LF. The output starts a
     * little larger than the input (mail has few dot-lines and few bare line endings) and grows only when a chunk
     * needs more: worst case every byte doubled, plus the LF owed to a CR that ended the previous chunk.
     */
    private ByteBuf encode(byte[] src, int from, int to) {
        byte[] dst = new byte[(to - from) + ((to - from) >> 5) + 16];
        int w = 0;
        boolean lineStart = this.lineStart;
        boolean afterCr = this.afterCr;
        int i = from;
        while (i < to) {
            int end = i;
            while (end < to && src[end] != '\r' && src[end] != '\n') {
                end++;
            }
            // This step writes at most: LF owed to a CR, a stuffed dot, the run, and CR LF.
            int need = (end - i) + 4;
            if (dst.length - w < need) {
                dst = Arrays.copyOf(dst, Math.max(dst.length * 2, w + need + 2 * (to - end)));
            }
            if (afterCr) {
                afterCr = false;
                dst[w++] = '\n';
                lineStart = true;
                if (src[i] == '\n') {
                    i++;
                    continue;
                }
            }
            if (end > i) {
                if (lineStart && dotStuff && src[i] == '.') {
                    dst[w++] = '.';
                }
                System.arraycopy(src, i, dst, w, end - i);
                w += end - i;
                lineStart = false;
                i = end;
                if (i == to) {
                    break;
                }
            }
            if (src[i++] == '\r') {
                dst[w++] = '\r';
                afterCr = true;
            } else {
                dst[w++] = '\r';
                dst[w++] = '\n';
                lineStart = true;
            }
        }
        this.lineStart = lineStart;
        this.afterCr = afterCr;
        return Unpooled.wrappedBuffer(dst, 0, w);
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
