package dev.startle.sasl.internal;

import dev.startle.sasl.ChannelBinding;
import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslCredential;
import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;
import dev.startle.sasl.SaslProtocolException;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;

/** PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, UTF-8, sent as the initial response. */
final class PlainMechanism implements SaslMechanism {
    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public int strength() {
        return 50;
    }

    @Override
    public Class<? extends SaslCredential> credentialType() {
        return PasswordCredential.class;
    }

    @Override
    public SaslExchange newExchange(SaslCredential credential, ChannelBinding channelBinding) {
        return new Exchange(CredentialCheck.require(this, credential, PasswordCredential.class));
    }

    /** Builds the message; fields must not contain NUL (the separator). */
    static byte[] message(PasswordCredential credential) {
        String authzid = credential.authorizationId().orElse("");
        requireNoNul(authzid, "PLAIN authorization identity");
        requireNoNul(credential.username(), "PLAIN user name");
        byte[] authz = authzid.getBytes(StandardCharsets.UTF_8);
        byte[] authc = credential.username().getBytes(StandardCharsets.UTF_8);
        char[] password = credential.password();
        byte[] secret = null;
        try {
            Secrets.requireNoNul(password, "PLAIN password");
            secret = Secrets.utf8(password, "PLAIN password");
            byte[] out = new byte[authz.length + 1 + authc.length + 1 + secret.length];
            System.arraycopy(authz, 0, out, 0, authz.length);
            System.arraycopy(authc, 0, out, authz.length + 1, authc.length);
            System.arraycopy(secret, 0, out, authz.length + 1 + authc.length + 1, secret.length);
            return out;
        } finally {
            Secrets.wipe(password);
            if (secret != null) {
                Secrets.wipe(secret);
            }
        }
    }

    private static void requireNoNul(String value, String what) {
        if (value.indexOf('\0') >= 0) {
            throw new SaslException(what + " must not contain NUL");
        }
    }

    private static final class Exchange extends ClientFirstExchange {
        private final PasswordCredential credential;

        Exchange(PasswordCredential credential) {
            super("PLAIN");
            this.credential = credential;
        }

        @Override
        Mono<byte[]> firstMessage() {
            return Mono.fromCallable(() -> message(credential));
        }

        @Override
        Mono<byte[]> next(byte[] challenge) {
            return Mono.error(new SaslProtocolException("PLAIN: unexpected challenge after the credentials were sent"));
        }
    }
}
