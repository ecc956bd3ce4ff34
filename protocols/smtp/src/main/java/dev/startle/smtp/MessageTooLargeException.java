package dev.startle.smtp;

import dev.startle.core.StartleException;

/** The message is larger than the server's announced SIZE limit; refused locally, before MAIL FROM. */
public final class MessageTooLargeException extends StartleException {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    /** A message of {@code size} bytes over a limit of {@code limit}. */
    public MessageTooLargeException(long size, long limit) {
        super("message of " + size + " bytes exceeds the server's SIZE limit of " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    /** The message size in bytes. */
    public long size() {
        return size;
    }

    /** The server's limit in bytes. */
    public long limit() {
        return limit;
    }
}
