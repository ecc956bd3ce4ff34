package dev.startle.core;

/** The peer broke the framing or the protocol (e.g. a bare LF where CRLF is required); the connection is closed. */
public class ProtocolViolationException extends StartleException {
    private static final long serialVersionUID = 1L;

    /** A violation with a message that names what was wrong. */
    public ProtocolViolationException(String message) {
        super(message);
    }

    /** A violation with a message and cause. */
    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
