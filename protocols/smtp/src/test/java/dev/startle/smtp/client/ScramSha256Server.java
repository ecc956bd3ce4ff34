package dev.startle.smtp.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802 section 3, RFC 7677), written from the RFC for scripted AUTH dialogues:
 * answers the client-first message, checks the channel-binding attribute and the client proof, and produces the
 * server-final message. Messages in and out are the SMTP base64 lines. One instance per exchange.
 */
final class ScramSha256Server {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();
    private static final int ITERATIONS = 4096;

    private final String password;
    private final byte[] salt = "scripted-salt-16".getBytes(StandardCharsets.US_ASCII);
    private final byte[] bindingData;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;

    /** A server knowing {@code password}, whose TLS channel binding is {@code bindingData} (empty when none). */
    ScramSha256Server(String password, byte[] bindingData) {
        this.password = password;
        this.bindingData = bindingData.clone();
    }

    /** The gs2 header of the client-first message, e.g. {@code "y,,"} or {@code "p=tls-server-end-point,,"}. */
    String gs2Header() {
        return gs2Header;
    }

    /** Answers {@code AUTH SCRAM-SHA-256[-PLUS] <client-first>} with {@code 334 <server-first>}. */
    String serverFirst(String authLine) {
        String clientFirst = decode(authLine.substring(authLine.lastIndexOf(' ') + 1));
        int headerEnd = clientFirst.indexOf(',', clientFirst.indexOf(',') + 1) + 1;
        gs2Header = clientFirst.substring(0, headerEnd);
        clientFirstBare = clientFirst.substring(headerEnd);
        String clientNonce = clientFirstBare.substring(clientFirstBare.indexOf(",r=") + 3);
        serverFirst = "r=" + clientNonce + "ScriptedServerNonce,s=" + B64.encodeToString(salt) + ",i=" + ITERATIONS;
        return "334 " + B64.encodeToString(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers the client-final line with {@code 334 <server-final>} when the binding and proof are right, and with
     * {@code 535 5.7.8} otherwise. With {@code forge}, signs with a wrong key (a server that does not know the
     * password).
     */
    String serverFinal(String line, boolean forge) {
        String clientFinal = decode(line);
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbind = new byte[header.length + bindingData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(bindingData, 0, cbind, header.length, bindingData.length);
        if (!clientFinal.startsWith("c=" + B64.encodeToString(cbind) + ",r=")) {
            return "535 5.7.8 channel binding mismatch";
        }
        int proofAt = clientFinal.lastIndexOf(",p=");
        String withoutProof = clientFinal.substring(0, proofAt);
        byte[] proof = UNB64.decode(clientFinal.substring(proofAt + 3));
        byte[] authMessage =
                (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256))
                    .getEncoded();
            byte[] storedKey = sha256(hmac(salted, "Client Key"));
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(sha256(clientKey), storedKey)) {
                return "535 5.7.8 Authentication credentials invalid";
            }
            byte[] serverKey = hmac(forge ? sha256(salted) : salted, "Server Key");
            String serverFinal = "v=" + B64.encodeToString(hmac(serverKey, authMessage));
            return "334 " + B64.encodeToString(serverFinal.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String base64) {
        return new String(UNB64.decode(base64.trim()), StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        return hmac(key, data.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
