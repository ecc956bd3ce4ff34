package dev.startle.core.internal;

import dev.startle.core.Role;
import dev.startle.core.TlsSettings;
import io.netty.handler.ssl.SslContext;

/** Where a connection gets its (cached) SSL contexts from; supplied by the public configuration types. */
@FunctionalInterface
public interface SslContextSource {
    /** The context for {@code settings} in {@code role}. */
    SslContext get(TlsSettings settings, Role role);
}
