package dev.startle.sasl;

/**
 * The server sent something the mechanism does not allow: a malformed or out-of-bounds challenge (for instance a SCRAM
 * nonce that does not extend the client's, an iteration count outside the accepted range, an unsupported mandatory
 * extension) or a challenge where none may come. The protocol layer should cancel the exchange (SMTP {@code *}).
 */
public class SaslProtocolException extends SaslException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message describing the violation (never the secret inputs). */
    public SaslProtocolException(String message) {
        super(message);
    }

    /** An exception with a message and the underlying cause (e.g. a base64 decoding error). */
    public SaslProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
