package dev.startle.core;

/**
 * The peer sent a line longer than the configured maximum. Detected as soon as the limit is passed, without buffering
 * the rest of the line; the connection is closed.
 */
public final class LineTooLongException extends ProtocolViolationException {
    private static final long serialVersionUID = 1L;

    private final int maxLength;
    private final String start;

    /** A line longer than {@code maxLength} bytes, whose first bytes (sanitised) are {@code start}. */
    public LineTooLongException(int maxLength, String start) {
        super("line longer than " + maxLength + " bytes (starts with \"" + start + "\")");
        this.maxLength = maxLength;
        this.start = start;
    }

    /** The limit that was exceeded, in bytes without the terminator. */
    public int maxLength() {
        return maxLength;
    }

    /** The first bytes of the offending line, sanitised for logs. */
    public String start() {
        return start;
    }
}
