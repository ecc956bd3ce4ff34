package dev.startle.core;

/** The root of Startle's unchecked exceptions: every failure the library signals is one of these or a JDK argument error. */
public class StartleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public StartleException(String message) {
        super(message);
    }

    /** An exception with a message and the underlying cause. */
    public StartleException(String message, Throwable cause) {
        super(message, cause);
    }
}
