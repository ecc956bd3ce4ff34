package dev.startle.sasl.internal;

import dev.startle.sasl.ChannelBinding;
import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslCredential;
import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;
import dev.startle.sasl.SaslProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Mono;

/**
 * CRAM-MD5 (RFC 2195): server-first; the answer to the single challenge is {@code user SP hex(HMAC-MD5(password,
 * challenge))}. Legacy: the server must store a password equivalent and MD5 is weak, hence the lowest strength. Cannot
 * carry an authorization identity.
 */
final class CramMd5Mechanism implements SaslMechanism {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public int strength() {
        return 10;
    }

    @Override
    public Class<? extends SaslCredential> credentialType() {
        return PasswordCredential.class;
    }

    @Override
    public boolean supports(SaslCredential credential) {
        return credential instanceof PasswordCredential p && p.authorizationId().isEmpty();
    }

    @Override
    public SaslExchange newExchange(SaslCredential credential, ChannelBinding channelBinding) {
        return new Exchange(CredentialCheck.require(this, credential, PasswordCredential.class));
    }

    /** The response to {@code challenge}. */
    static byte[] response(PasswordCredential credential, byte[] challenge) {
        char[] password = credential.password();
        byte[] key = Secrets.utf8(password, "CRAM-MD5 password");
        Secrets.wipe(password);
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            byte[] digest = mac.doFinal(challenge);
            StringBuilder out = new StringBuilder(credential.username()).append(' ');
            for (byte b : digest) {
                out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SaslException("CRAM-MD5: HmacMD5 is not available in this JVM", e);
        } finally {
            Secrets.wipe(key);
        }
    }

    private static final class Exchange implements SaslExchange {
        private final PasswordCredential credential;
        private boolean answered;

        Exchange(PasswordCredential credential) {
            this.credential = credential;
        }

        @Override
        public String mechanism() {
            return "CRAM-MD5";
        }

        @Override
        public boolean isClientFirst() {
            return false;
        }

        @Override
        public Mono<byte[]> initialResponse() {
            return Mono.empty();
        }

        @Override
        public Mono<byte[]> respond(byte[] challenge) {
            byte[] copy = challenge.clone();
            return Mono.defer(() -> {
                if (answered) {
                    return Mono.error(new SaslProtocolException("CRAM-MD5: unexpected second challenge"));
                }
                answered = true;
                if (copy.length == 0) {
                    return Mono.error(new SaslProtocolException("CRAM-MD5: the server's challenge is empty"));
                }
                return Mono.fromCallable(() -> response(credential, copy));
            });
        }

        @Override
        public void verifyServerFinal(byte[] data) {
            // CRAM-MD5 does not authenticate the server.
        }
    }
}
