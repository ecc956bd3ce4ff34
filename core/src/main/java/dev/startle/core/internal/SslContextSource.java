package dev.startle.core.internal;

import dev.startle.core.Role;
import dev.startle.core.TlsSettings;
import io.netty.handler.ssl.SslContext;
import reactor.core.publisher.Mono;

/** Where a connection gets its (cached) SSL contexts from; supplied by the public configuration types. */
@FunctionalInterface
public interface SslContextSource {
    /** The (cached) context for {@code settings} in {@code role}; built off the event loop when not cached yet. */
    Mono<SslContext> resolve(TlsSettings settings, Role role);
}
