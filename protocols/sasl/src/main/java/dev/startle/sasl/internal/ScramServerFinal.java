package dev.startle.sasl.internal;

import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslProtocolException;
import dev.startle.sasl.SaslServerVerificationException;
import java.security.MessageDigest;
import java.util.Base64;

/** Checks a server-final-message (RFC 5802 section 7): {@code v=<base64 signature>} or {@code e=<error>}. */
final class ScramServerFinal {
    private static final int MAX_ERROR_LENGTH = 100;

    private ScramServerFinal() {}

    /**
     * Verifies {@code message} against the expected server signature, in constant time.
     *
     * @throws SaslServerVerificationException if the signature does not match
     * @throws SaslException if the server reports an error ({@code e=})
     * @throws SaslProtocolException if the message is malformed
     */
    static void verify(String mechanism, String message, byte[] expectedSignature) {
        String first = message.split(",", 2)[0];
        if (first.startsWith("e=")) {
            throw new SaslException(mechanism + ": the server rejected the authentication: " + printable(first));
        }
        if (!first.startsWith("v=")) {
            throw new SaslProtocolException(mechanism + ": malformed server-final message");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(first.substring(2));
        } catch (IllegalArgumentException e) {
            throw new SaslProtocolException(mechanism + ": the server signature is not valid base64", e);
        }
        if (!MessageDigest.isEqual(signature, expectedSignature)) {
            throw new SaslServerVerificationException(
                    mechanism + ": the server signature is wrong; the server did not prove it knows the password");
        }
    }

    /** The server's error value, limited to printable ASCII and a bounded length. */
    private static String printable(String error) {
        StringBuilder out = new StringBuilder();
        for (int i = 2; i < error.length() && out.length() < MAX_ERROR_LENGTH; i++) {
            char c = error.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
