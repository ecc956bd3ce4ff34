package dev.startle.core;

/** The TLS upgrade of a connection failed; the connection is closed. Subtypes say why. */
public class StartTlsException extends StartleException {
    private static final long serialVersionUID = 1L;

    /** An upgrade failure with a message. */
    public StartTlsException(String message) {
        super(message);
    }

    /** An upgrade failure with a message and the underlying cause. */
    public StartTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
