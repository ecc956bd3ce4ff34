package dev.startle.core;

import java.time.Duration;

/** Nothing was read or written for the configured idle timeout; the connection was closed. */
public final class IdleTimeoutException extends StartleException {
    private static final long serialVersionUID = 1L;

    /** An idle timeout after {@code timeout}. */
    public IdleTimeoutException(Duration timeout) {
        super("connection idle for " + timeout + "; closed");
    }
}
