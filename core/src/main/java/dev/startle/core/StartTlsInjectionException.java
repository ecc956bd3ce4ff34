package dev.startle.core;

/**
 * Plaintext bytes were found at the STARTTLS switch point: after the STARTTLS command (server role) or after the
 * go-ahead reply (client role), where only a TLS handshake may follow. Accepting them would let an attacker inject
 * commands or replies that look protected (CVE-2011-0411 and the "NO STARTTLS" class). The bytes are discarded, never
 * delivered as lines, and the connection is closed.
 */
public final class StartTlsInjectionException extends StartTlsException {
    private static final long serialVersionUID = 1L;

    private final int injectedBytes;

    /** A detected injection of {@code injectedBytes} plaintext bytes (0 when unknown). */
    public StartTlsInjectionException(String message, int injectedBytes) {
        super(message);
        this.injectedBytes = injectedBytes;
    }

    /** How many plaintext bytes were waiting at the switch point (at least), 0 when unknown. */
    public int injectedBytes() {
        return injectedBytes;
    }
}
