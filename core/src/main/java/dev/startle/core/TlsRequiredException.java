package dev.startle.core;

/**
 * TLS was required ({@link TlsMode#STARTTLS_REQUIRED}) but the peer did not offer STARTTLS, or refused it. Thrown by
 * protocol modules before any credential or message is sent; the connection is closed.
 */
public final class TlsRequiredException extends StartTlsException {
    private static final long serialVersionUID = 1L;

    /** A refusal to go on without TLS, with what the peer offered or answered. */
    public TlsRequiredException(String message) {
        super(message);
    }
}
