package dev.startle.core.internal;

import dev.startle.core.Framing;
import dev.startle.core.Role;
import dev.startle.core.StartleMetrics;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.core.Wiretap;
import java.time.Duration;

/**
 * What one connection needs from its client or server configuration.
 *
 * @param sslContext the context for {@code tls} in this role, resolved before connecting; null for TlsMode.NONE
 * @param host the configured host (client: SNI and hostname verification); null on servers
 * @param readTimeout how long a wanted line may take; null for none
 * @param idleTimeout how long the connection may see no traffic; null for none
 */
public record ConnectionSettings(
        Role role,
        TlsMode tlsMode,
        TlsSettings tls,
        SslContextSource contexts,
        io.netty.handler.ssl.SslContext sslContext,
        Framing<?> framing,
        boolean readAhead,
        Duration readTimeout,
        Duration idleTimeout,
        Wiretap wiretap,
        StartleMetrics metrics,
        String host,
        int port) {}
