package dev.startle.sasl;

/**
 * The root of this module's unchecked exceptions: an authentication that cannot go on. Thrown directly when the server
 * reports a mechanism-level error (e.g. a SCRAM {@code e=} attribute), when a credential cannot be prepared (e.g. a
 * password that SASLprep prohibits) or when the JVM lacks a required algorithm; subclasses narrow the cause.
 *
 * <p>Messages never contain a password, token, key or proof; they may name the user, the mechanism and what the server
 * said.
 */
public class SaslException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message (which must not contain secrets). */
    public SaslException(String message) {
        super(message);
    }

    /** An exception with a message (which must not contain secrets) and the underlying cause. */
    public SaslException(String message, Throwable cause) {
        super(message, cause);
    }
}
