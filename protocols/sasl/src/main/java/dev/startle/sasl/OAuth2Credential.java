package dev.startle.sasl;

import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A user and an OAuth 2.0 access token source, for XOAUTH2 and OAUTHBEARER.
 *
 * <p>The token source is subscribed once per authentication (per {@link SaslExchange}), so a lazy source such as
 * {@code Mono.fromCallable(tokenCache::currentToken)} lets each new connection present a fresh or refreshed token.
 * Do not {@code cache()} the source unless the token never expires. A source that may block must subscribe on a
 * scheduler that allows it: the exchange subscribes on the caller's thread, usually an event loop.
 *
 * <p>{@code toString()} shows the user only, never the token.
 *
 * <pre>{@code
 * OAuth2Credential bob = OAuth2Credential.of("bob@example.com", Mono.fromCallable(tokens::accessToken)
 *         .subscribeOn(Schedulers.boundedElastic()));
 * }</pre>
 */
public final class OAuth2Credential implements SaslCredential {
    private final String username;
    private final Mono<String> token;

    private OAuth2Credential(String username, Mono<String> token) {
        this.username = username;
        this.token = token;
    }

    /**
     * A credential whose token comes from {@code token}, re-subscribed for every authentication.
     *
     * @throws IllegalArgumentException if the user is empty
     */
    public static OAuth2Credential of(String username, Mono<String> token) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(token, "token");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
        return new OAuth2Credential(username, token);
    }

    /**
     * A credential with a fixed access token (no refresh).
     *
     * @throws IllegalArgumentException if the user or token is empty
     */
    public static OAuth2Credential ofToken(String username, String accessToken) {
        Objects.requireNonNull(accessToken, "accessToken");
        if (accessToken.isEmpty()) {
            throw new IllegalArgumentException("accessToken must not be empty");
        }
        return of(username, Mono.just(accessToken));
    }

    /** The user the token was issued for (XOAUTH2 {@code user=}, OAUTHBEARER {@code a=}). */
    @Override
    public String username() {
        return username;
    }

    /**
     * The token source: each subscription should emit the access token to use now. Errors and empty completion fail
     * the authentication (empty as a {@link SaslException}, errors unchanged).
     */
    public Mono<String> token() {
        return token;
    }

    /** The user only; never the token. */
    @Override
    public String toString() {
        return "OAuth2Credential[username=" + username + ", token=<redacted>]";
    }
}
