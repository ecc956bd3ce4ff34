package dev.startle.core;

import java.time.Duration;

/** The peer sent nothing for the configured read timeout while a line (or bytes) was wanted; the connection is closed. */
public final class ReadTimeoutException extends StartleException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /** A read timeout after {@code timeout}. */
    public ReadTimeoutException(Duration timeout, String message) {
        super(message);
        this.timeout = timeout;
    }

    /** The timeout that elapsed. */
    public Duration timeout() {
        return timeout;
    }
}
