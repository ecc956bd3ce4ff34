package dev.startle.sasl.internal;

import java.nio.charset.StandardCharsets;

/**
 * The SCRAM client proof and the server signature the client expects (RFC 5802 section 3), computed together from
 * one salted password, which is wiped afterwards.
 */
record ScramProof(byte[] clientProof, byte[] serverSignature) {
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param normalizedPassword the SASLprepped password (not modified)
     * @param authMessage client-first-bare "," server-first "," client-final-without-proof
     */
    static ScramProof compute(
            ScramAlgorithm algorithm, char[] normalizedPassword, byte[] salt, int iterations, byte[] authMessage) {
        byte[] saltedPassword = algorithm.saltedPassword(normalizedPassword, salt, iterations);
        byte[] clientKey = algorithm.hmac(saltedPassword, CLIENT_KEY);
        byte[] serverKey = algorithm.hmac(saltedPassword, SERVER_KEY);
        Secrets.wipe(saltedPassword);
        byte[] storedKey = algorithm.hash(clientKey);
        byte[] clientSignature = algorithm.hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverSignature = algorithm.hmac(serverKey, authMessage);
        Secrets.wipe(clientKey);
        Secrets.wipe(serverKey);
        Secrets.wipe(storedKey);
        Secrets.wipe(clientSignature);
        return new ScramProof(proof, serverSignature);
    }

    /** Hides the bytes. */
    @Override
    public String toString() {
        return "ScramProof[<redacted>]";
    }
}
