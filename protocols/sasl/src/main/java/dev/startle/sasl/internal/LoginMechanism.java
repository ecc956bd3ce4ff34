package dev.startle.sasl.internal;

import dev.startle.sasl.ChannelBinding;
import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslCredential;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;
import dev.startle.sasl.SaslProtocolException;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;

/**
 * LOGIN (draft-murchison-sasl-login): server-first; the first challenge (usually {@code "Username:"}) is answered with
 * the user name and the second ({@code "Password:"}) with the password, whatever the challenge text says. Cannot carry
 * an authorization identity, so credentials with one are not supported.
 */
final class LoginMechanism implements SaslMechanism {
    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public int strength() {
        return 40;
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

    private static final class Exchange implements SaslExchange {
        private final PasswordCredential credential;
        private int challenges;

        Exchange(PasswordCredential credential) {
            this.credential = credential;
        }

        @Override
        public String mechanism() {
            return "LOGIN";
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
            return Mono.defer(() -> {
                int step = challenges++;
                if (step == 0) {
                    return Mono.just(credential.username().getBytes(StandardCharsets.UTF_8));
                }
                if (step == 1) {
                    return Mono.fromCallable(() -> {
                        char[] password = credential.password();
                        try {
                            return Secrets.utf8(password, "LOGIN password");
                        } finally {
                            Secrets.wipe(password);
                        }
                    });
                }
                return Mono.error(new SaslProtocolException(
                        "LOGIN: unexpected challenge after the user name and password were sent"));
            });
        }

        @Override
        public void verifyServerFinal(byte[] data) {
            // LOGIN does not authenticate the server.
        }
    }
}
