package dev.startle.core;

import java.util.Objects;

/** The TLS handshake failed; {@link #failure()} classifies why, {@link #getCause()} carries the provider's error. */
public final class TlsHandshakeException extends StartTlsException {
    private static final long serialVersionUID = 1L;

    /** Why a handshake failed, independent of the TLS provider. */
    public enum Failure {
        /** The peer's certificate chain does not lead to a trusted anchor (or is expired or otherwise invalid). */
        UNTRUSTED_CERTIFICATE,
        /** The certificate is trusted but not issued for the host name (or IP address) that was connected to. */
        HOSTNAME_MISMATCH,
        /** The peer closed the connection before the handshake finished. */
        PEER_CLOSED,
        /** The handshake did not finish within the configured handshake timeout. */
        TIMEOUT,
        /** The peer sent plaintext where a TLS record was expected: it does not speak TLS on this port (yet). */
        PLAINTEXT_PEER,
        /** No protocol version or cipher suite in common, or the peer sent a fatal alert. */
        NEGOTIATION,
        /** Anything else; see the cause. */
        OTHER
    }

    private final Failure failure;

    /** A handshake failure of the given kind. */
    public TlsHandshakeException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Why the handshake failed. */
    public Failure failure() {
        return failure;
    }
}
