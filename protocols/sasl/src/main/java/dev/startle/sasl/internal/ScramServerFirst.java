package dev.startle.sasl.internal;

import dev.startle.sasl.SaslProtocolException;
import java.util.Base64;

/**
 * A parsed server-first-message (RFC 5802 section 7): {@code r=<nonce>,s=<base64 salt>,i=<iterations>[,extensions]}.
 *
 * @param raw the message exactly as received, for the AuthMessage
 */
record ScramServerFirst(String raw, String nonce, byte[] salt, int iterations) {
    /** RFC 7677 section 4 recommends at least 4096; both SCRAM-SHA-1 and SCRAM-SHA-256 require that much. */
    static final int MIN_ITERATIONS = 4096;

    /** Bounds the CPU a server can make the client spend on PBKDF2. */
    static final int MAX_ITERATIONS = 1_000_000;

    /**
     * Parses and checks a server-first message.
     *
     * @throws SaslProtocolException if it is malformed, demands an unknown mandatory extension, does not extend the
     *     client's nonce, or has an iteration count outside [{@value #MIN_ITERATIONS}, {@value #MAX_ITERATIONS}]
     */
    static ScramServerFirst parse(String mechanism, String message, String clientNonce) {
        if (message.startsWith("m=")) {
            throw new SaslProtocolException(mechanism + ": the server requires an unsupported SCRAM extension");
        }
        String[] parts = message.split(",", -1);
        if (parts.length < 3
                || !parts[0].startsWith("r=")
                || !parts[1].startsWith("s=")
                || !parts[2].startsWith("i=")) {
            throw new SaslProtocolException(mechanism + ": malformed server-first message");
        }
        String nonce = parts[0].substring(2);
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslProtocolException(
                    mechanism + ": the server nonce does not extend the client nonce (possible replay or tampering)");
        }
        if (!nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new SaslProtocolException(mechanism + ": the server nonce contains non-printable characters");
        }
        byte[] salt;
        try {
            salt = Base64.getDecoder().decode(parts[1].substring(2));
        } catch (IllegalArgumentException e) {
            throw new SaslProtocolException(mechanism + ": the salt is not valid base64", e);
        }
        if (salt.length == 0) {
            throw new SaslProtocolException(mechanism + ": the salt is empty");
        }
        return new ScramServerFirst(message, nonce, salt, iterations(mechanism, parts[2].substring(2)));
    }

    private static int iterations(String mechanism, String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SaslProtocolException(mechanism + ": malformed iteration count");
        }
        long count = Long.parseLong(text);
        if (count < MIN_ITERATIONS) {
            throw new SaslProtocolException(
                    mechanism + ": the iteration count " + count + " is below the minimum of " + MIN_ITERATIONS);
        }
        if (count > MAX_ITERATIONS) {
            throw new SaslProtocolException(
                    mechanism + ": the iteration count " + count + " exceeds the maximum of " + MAX_ITERATIONS);
        }
        return (int) count;
    }

    /** Omits the salt bytes. */
    @Override
    public String toString() {
        return "ScramServerFirst[" + raw + "]";
    }
}
