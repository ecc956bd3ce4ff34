package dev.startle.core;

/**
 * The peer speaks TLS where plaintext was expected, or plaintext where TLS was expected: the {@link TlsMode} does not
 * match the port. The message says which mode to use instead, e.g. "port speaks implicit TLS; use TlsMode.IMPLICIT".
 */
public final class TlsModeMismatchException extends StartleException {
    private static final long serialVersionUID = 1L;

    private final TlsMode suggested;

    /** A mismatch, with the mode that would most likely work. */
    public TlsModeMismatchException(String message, TlsMode suggested) {
        super(message);
        this.suggested = suggested;
    }

    /** The mode the peer appears to speak. */
    public TlsMode suggestedMode() {
        return suggested;
    }
}
