package dev.startle.sasl.internal;

import dev.startle.sasl.ChannelBinding;
import dev.startle.sasl.OAuth2Credential;
import dev.startle.sasl.SaslCredential;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;

/**
 * XOAUTH2 (Google, Microsoft): {@code user=<user>^Aauth=Bearer <token>^A^A}. On failure the server sends a JSON error as
 * a challenge, which the client must answer with an empty response before the server reports the failure.
 */
final class XOAuth2Mechanism implements SaslMechanism {
    @Override
    public String name() {
        return "XOAUTH2";
    }

    @Override
    public int strength() {
        return 55;
    }

    @Override
    public Class<? extends SaslCredential> credentialType() {
        return OAuth2Credential.class;
    }

    @Override
    public SaslExchange newExchange(SaslCredential credential, ChannelBinding channelBinding) {
        return new BearerTokenExchange(
                "XOAUTH2",
                CredentialCheck.require(this, credential, OAuth2Credential.class),
                XOAuth2Mechanism::message,
                new byte[0]);
    }

    static String message(String user, String token) {
        return "user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001";
    }
}
