package dev.startle.sasl;

/**
 * The server failed to prove its identity in a mutually authenticating mechanism: the SCRAM server signature was wrong
 * or missing, or the server reported success before the exchange was complete. The server may be an impostor even
 * though it accepted the client: the protocol layer must treat the authentication as failed and should close the
 * connection.
 */
public class SaslServerVerificationException extends SaslException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message describing what did not verify. */
    public SaslServerVerificationException(String message) {
        super(message);
    }
}
