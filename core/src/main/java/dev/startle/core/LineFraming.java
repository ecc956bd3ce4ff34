package dev.startle.core;

import dev.startle.core.internal.PeerBytes;
import io.netty.buffer.ByteBuf;

/**
 * CRLF-terminated lines with a mandatory maximum length. Strict by default: a line feed without the carriage return
 * before it is a {@link ProtocolViolationException}, since lone-LF leniency is how SMTP smuggling works. A protocol
 * that must accept bare LF says so with {@link #allowBareLineFeed()}.
 *
 * <p>A line over {@link #maxLength()} fails with {@link LineTooLongException} as soon as the limit is passed, before the
 * rest of it is buffered.
 */
public final class LineFraming implements Framing<Line> {
    /** The default maximum line length in bytes, without CRLF (SMTP's 998 plus generous room for extensions). */
    public static final int DEFAULT_MAX_LENGTH = 8192;

    private static final LineFraming DEFAULT = new LineFraming(DEFAULT_MAX_LENGTH, false);

    private final int maxLength;
    private final boolean bareLineFeed;

    private LineFraming(int maxLength, boolean bareLineFeed) {
        this.maxLength = maxLength;
        this.bareLineFeed = bareLineFeed;
    }

    /** Strict CRLF lines of at most {@value #DEFAULT_MAX_LENGTH} bytes. */
    public static LineFraming strict() {
        return DEFAULT;
    }

    /** Strict CRLF lines of at most {@code maxLength} bytes (without the terminator). */
    public static LineFraming strict(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        return new LineFraming(maxLength, false);
    }

    /** The same framing, but a bare LF also ends a line (the CR before it, if any, is never part of the line). */
    public LineFraming allowBareLineFeed() {
        return new LineFraming(maxLength, true);
    }

    /** The maximum line length in bytes, without the terminator. */
    public int maxLength() {
        return maxLength;
    }

    /** Whether a bare LF ends a line instead of failing. */
    public boolean bareLineFeedAllowed() {
        return bareLineFeed;
    }

    @Override
    public Decoder<Line> newDecoder(Context context) {
        return new LineDecoder(context);
    }

    @Override
    public String toString() {
        return "LineFraming[maxLength=" + maxLength + (bareLineFeed ? ", bareLF" : "") + "]";
    }

    private final class LineDecoder implements Decoder<Line> {
        private final Context context;

        LineDecoder(Context context) {
            this.context = context;
        }

        @Override
        public Line decode(ByteBuf in) {
            int start = in.readerIndex();
            int readable = in.readableBytes();
            // Look at most at maxLength + CRLF bytes: a longer line fails without scanning (or buffering) more.
            int window = Math.min(readable, maxLength + 2);
            int lf = in.indexOf(start, start + window, (byte) '\n'); // SWAR search, faster than forEachByte
            if (lf < 0) {
                if (readable > maxLength + 1) {
                    throw new LineTooLongException(maxLength, PeerBytes.sanitize(in, start, 40));
                }
                return null;
            }
            int end = lf;
            if (end > start && in.getByte(end - 1) == '\r') {
                end--;
            } else if (!bareLineFeed) {
                throw new ProtocolViolationException("bare LF without CR at the end of \""
                        + PeerBytes.sanitize(in, start, Math.min(lf - start, 40)) + "\": lines must end with CRLF");
            }
            int length = end - start;
            if (length > maxLength) {
                throw new LineTooLongException(maxLength, PeerBytes.sanitize(in, start, 40));
            }
            byte[] bytes = new byte[length];
            in.getBytes(start, bytes);
            in.readerIndex(lf + 1);
            return Line.wrap(bytes, context.isSecure());
        }
    }
}
