package dev.startle.sasl.internal;

import dev.startle.sasl.SaslException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** The hash function of a SCRAM family (RFC 5802 section 2.2), with the JCA algorithms that implement it. */
enum ScramAlgorithm {
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 20),
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 32);

    private final String mechanismName;
    private final String digest;
    private final String hmac;
    private final String pbkdf2;
    private final int length;

    ScramAlgorithm(String mechanismName, String digest, String hmac, String pbkdf2, int length) {
        this.mechanismName = mechanismName;
        this.digest = digest;
        this.hmac = hmac;
        this.pbkdf2 = pbkdf2;
        this.length = length;
    }

    /** The mechanism name without {@code -PLUS}. */
    String mechanismName() {
        return mechanismName;
    }

    /** {@code Hi(password, salt, i)}: PBKDF2 with this HMAC, one output block (the JCA encodes the chars as UTF-8). */
    byte[] saltedPassword(char[] normalizedPassword, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(normalizedPassword, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance(pbkdf2).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new SaslException(mechanismName + ": " + pbkdf2 + " failed or is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** {@code HMAC(key, data)}. */
    byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new SaslException(mechanismName + ": " + hmac + " is not available in this JVM", e);
        }
    }

    /** {@code H(data)}. */
    byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(digest).digest(data);
        } catch (GeneralSecurityException e) {
            throw new SaslException(mechanismName + ": " + digest + " is not available in this JVM", e);
        }
    }
}
