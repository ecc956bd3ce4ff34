package dev.startle.sasl.internal;

import dev.startle.sasl.ChannelBinding;
import dev.startle.sasl.OAuth2Credential;
import dev.startle.sasl.SaslCredential;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;

/**
 * OAUTHBEARER (RFC 7628): {@code n,a=<user>,^Aauth=Bearer <token>^A^A} (GS2 header without channel binding, the user
 * as the authorization identity). On failure the server sends a JSON error as a challenge, which the client answers
 * with a single {@code ^A} (RFC 7628 section 3.2.3) before the server reports the failure. The optional {@code host}
 * and {@code port} key-value pairs are not sent.
 */
final class OAuthBearerMechanism implements SaslMechanism {
    private static final byte[] FAILURE_ACKNOWLEDGEMENT = {0x01};

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    public int strength() {
        return 60;
    }

    @Override
    public Class<? extends SaslCredential> credentialType() {
        return OAuth2Credential.class;
    }

    @Override
    public SaslExchange newExchange(SaslCredential credential, ChannelBinding channelBinding) {
        return new BearerTokenExchange(
                "OAUTHBEARER",
                CredentialCheck.require(this, credential, OAuth2Credential.class),
                OAuthBearerMechanism::message,
                FAILURE_ACKNOWLEDGEMENT);
    }

    static String message(String user, String token) {
        return SaslNames.gs2Header("n", user) + "\u0001auth=Bearer " + token + "\u0001\u0001";
    }
}
