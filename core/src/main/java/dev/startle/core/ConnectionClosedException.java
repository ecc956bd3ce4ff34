package dev.startle.core;

/** The connection closed while an operation still needed it (e.g. in the middle of a counted read). */
public final class ConnectionClosedException extends StartleException {
    private static final long serialVersionUID = 1L;

    /** A closed-connection failure with a message that says what was still pending. */
    public ConnectionClosedException(String message) {
        super(message);
    }

    /** A closed-connection failure caused by an I/O error (e.g. a reset by the peer). */
    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
