package dev.startle.smtp.internal.server;

import dev.startle.core.Framing;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Frames SMTP message data after {@code 354}: emits {@link Chunk}s of dot-unstuffed content with CRLF line endings and
 * then {@link #END} when {@code CRLF.CRLF} arrives. Only a dot line that follows a real CRLF ends the data: a dot after a
 * bare LF or bare CR does not, which is what defeats SMTP smuggling. Bare CR and bare LF are turned into CRLF and
 * flagged on the chunk, so the session can apply its policy. Bytes after the end stay undecoded for the next framing.
 */
final class DataFraming implements Framing<Object> {
    /** The end of the data. */
    static final Object END = new Object() {
        @Override
        public String toString() {
            return ".";
        }
    };

    private static final int MAX_CHUNK = 64 * 1024;

    /** A piece of content; {@code bareLineEnding} when it had a bare CR or LF (already turned into CRLF). */
    record Chunk(byte[] bytes, boolean bareLineEnding) {
        @Override
        public String toString() {
            return "<" + bytes.length + " bytes of data>";
        }
    }

    @Override
    public Decoder<Object> newDecoder(Context context) {
        return new DataDecoder();
    }

    private static final class DataDecoder implements Decoder<Object> {
        private boolean lineStart = true;
        private boolean afterCrlf = true;
        private boolean endPending;
        private boolean finished;

        @Override
        public Object decode(ByteBuf in) {
            if (finished) {
                return null;
            }
            if (endPending) {
                finished = true;
                return END;
            }
            byte[] out = new byte[Math.min(MAX_CHUNK + 2, Math.max(16, in.readableBytes() + 16))];
            int w = 0;
            boolean bare = false;
            while (in.isReadable() && w < MAX_CHUNK) {
                if (w + 2 > out.length) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, w + 2));
                }
                int r = in.readerIndex();
                if (lineStart && afterCrlf && in.getByte(r) == '.') {
                    if (in.readableBytes() < 2) {
                        break; // need to see what follows the dot
                    }
                    if (in.getByte(r + 1) == '\r') {
                        if (in.readableBytes() < 3) {
                            break;
                        }
                        if (in.getByte(r + 2) == '\n') {
                            in.skipBytes(3);
                            endPending = true;
                            break;
                        }
                    }
                    in.skipBytes(1); // dot-unstuffing: drop the first dot of the line
                    lineStart = false;
                    continue;
                }
                byte b = in.getByte(r);
                if (b == '\r') {
                    if (in.readableBytes() < 2) {
                        break; // CR at the end of the input: CRLF or bare CR, decided with the next byte
                    }
                    boolean crlf = in.getByte(r + 1) == '\n';
                    in.skipBytes(crlf ? 2 : 1);
                    out[w++] = '\r';
                    out[w++] = '\n';
                    lineStart = true;
                    afterCrlf = crlf;
                    bare |= !crlf;
                } else if (b == '\n') {
                    in.skipBytes(1);
                    out[w++] = '\r';
                    out[w++] = '\n';
                    lineStart = true;
                    afterCrlf = false;
                    bare = true;
                } else {
                    in.skipBytes(1);
                    out[w++] = b;
                    lineStart = false;
                }
            }
            if (w > 0) {
                return new Chunk(Arrays.copyOf(out, w), bare);
            }
            if (endPending) {
                finished = true;
                return END;
            }
            return null;
        }
    }
}
