package dev.startle.smtp.server;

import reactor.core.publisher.Mono;

/** Checks user name and password for AUTH PLAIN and AUTH LOGIN. Must not block: return a {@code Mono}. */
@FunctionalInterface
public interface PasswordAuthenticator {
    /**
     * Whether {@code password} is right for {@code username}, acting as {@code authorizationId} (empty when the client
     * gave none). Emits true to accept, false (or empty) to refuse with {@code 535 5.7.8}.
     */
    Mono<Boolean> authenticate(String authorizationId, String username, char[] password);
}
