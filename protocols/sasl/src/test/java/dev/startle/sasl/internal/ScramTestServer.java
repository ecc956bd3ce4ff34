package dev.startle.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent SCRAM server side for round-trip tests: checks the client's proof and channel-binding attribute and
 * produces the server-final message. Written from RFC 5802 section 3, not from the client code.
 */
final class ScramTestServer {
    private final boolean sha256;
    private final String password;
    private final byte[] salt = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;

    ScramTestServer(boolean sha256, String password) {
        this.sha256 = sha256;
        this.password = password;
    }

    String serverFirst(String clientFirst) {
        int headerEnd = clientFirst.indexOf(',', clientFirst.indexOf(',') + 1) + 1;
        gs2Header = clientFirst.substring(0, headerEnd);
        clientFirstBare = clientFirst.substring(headerEnd);
        String clientNonce = clientFirstBare.substring(clientFirstBare.indexOf(",r=") + 3);
        serverFirst = "r=" + clientNonce + "SERVERpart,s=" + Base64.getEncoder().encodeToString(salt) + ",i=4096";
        return serverFirst;
    }

    /** Verifies the client-final message (binding and proof) and returns the server-final message. */
    String serverFinal(String clientFinal, byte[] bindingData) throws Exception {
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbind = new byte[header.length + bindingData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(bindingData, 0, cbind, header.length, bindingData.length);
        assertThat(clientFinal).startsWith("c=" + Base64.getEncoder().encodeToString(cbind) + ",r=");

        int proofAt = clientFinal.lastIndexOf(",p=");
        String withoutProof = clientFinal.substring(0, proofAt);
        byte[] proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        byte[] auth = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);

        String hmac = sha256 ? "HmacSHA256" : "HmacSHA1";
        byte[] salted = SecretKeyFactory.getInstance(sha256 ? "PBKDF2WithHmacSHA256" : "PBKDF2WithHmacSHA1")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 4096, sha256 ? 256 : 160))
                .getEncoded();
        byte[] storedKey = MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1")
                .digest(mac(hmac, salted, "Client Key".getBytes(StandardCharsets.US_ASCII)));
        byte[] clientSignature = mac(hmac, storedKey, auth);
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        assertThat(MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1").digest(clientKey))
                .as("client proof")
                .isEqualTo(storedKey);
        byte[] serverKey = mac(hmac, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return "v=" + Base64.getEncoder().encodeToString(mac(hmac, serverKey, auth));
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data);
    }
}
