package dev.startle.core;

import java.time.Duration;

/**
 * Receives connection and upgrade events for metrics. Every method has an empty default; {@link #NOOP} records nothing.
 * Micrometer users take {@code dev.startle.core.micrometer.MicrometerStartleMetrics} (Micrometer is an optional
 * dependency). Implementations must be thread-safe, fast and never throw: they run on event loops.
 */
public interface StartleMetrics {
    /** Records nothing. */
    StartleMetrics NOOP = new StartleMetrics() {};

    /** A connection was established (client) or accepted (server). */
    default void connectionOpened(Role role) {}

    /** A connection reported to {@link #connectionOpened} closed; called once per such connection. */
    default void connectionClosed(Role role) {}

    /** A TLS handshake (STARTTLS or implicit) succeeded after {@code handshake}. */
    default void upgradeSucceeded(Role role, TlsInfo tls, Duration handshake) {}

    /** A TLS upgrade failed; {@code cause} is a low-cardinality tag such as {@code UNTRUSTED_CERTIFICATE}. */
    default void upgradeFailed(Role role, String cause) {}

    /** A protocol continued in plaintext because the peer did not offer STARTTLS under opportunistic mode. */
    default void opportunisticFallback(String protocol) {}

    /** A server refused a connection because its maximum connection count was reached. */
    default void connectionRejected(Role role) {}
}
