package dev.startle.sasl.internal;

import dev.startle.sasl.OAuth2Credential;
import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * The exchange shared by XOAUTH2 and OAUTHBEARER: one client-first message built from the user and a token fetched
 * now; a challenge after it carries the server's error (JSON) and is acknowledged with a fixed reply, after which the
 * server reports the failure.
 */
final class BearerTokenExchange extends ClientFirstExchange {
    private final OAuth2Credential credential;
    private final BiFunction<String, String, String> format;
    private final byte[] failureAcknowledgement;
    private boolean failureAcknowledged;

    /**
     * @param format builds the message from (user, token)
     * @param failureAcknowledgement what to answer to the error challenge
     */
    BearerTokenExchange(
            String mechanism,
            OAuth2Credential credential,
            BiFunction<String, String, String> format,
            byte[] failureAcknowledgement) {
        super(mechanism);
        this.credential = credential;
        this.format = format;
        this.failureAcknowledgement = failureAcknowledgement;
    }

    @Override
    Mono<byte[]> firstMessage() {
        String user = credential.username();
        for (int i = 0; i < user.length(); i++) {
            if (user.charAt(i) < 0x20 || user.charAt(i) == 0x7f) {
                return Mono.error(new SaslException(mechanism() + ": the user name contains a control character"));
            }
        }
        return credential
                .token()
                .switchIfEmpty(Mono.error(() -> new SaslException(mechanism() + ": the token source emitted no token")))
                .map(token -> {
                    checkToken(token);
                    return format.apply(user, token).getBytes(StandardCharsets.UTF_8);
                });
    }

    @Override
    Mono<byte[]> next(byte[] challenge) {
        if (failureAcknowledged) {
            return Mono.error(new SaslProtocolException(mechanism() + ": unexpected challenge after the error reply"));
        }
        failureAcknowledged = true;
        return Mono.just(failureAcknowledgement.clone());
    }

    /** A bearer token is printable ASCII without spaces (RFC 6750 b64token is stricter); never echo it. */
    private void checkToken(String token) {
        if (token.isEmpty()) {
            throw new SaslException(mechanism() + ": the access token is empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new SaslException(
                        mechanism() + ": the access token contains a character outside printable ASCII");
            }
        }
    }
}
