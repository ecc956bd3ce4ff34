/**
 * Startle's core: a line-protocol connection that switches to TLS in the middle of the conversation (STARTTLS), in
 * the client and the server role, on Reactor Netty. Protocol modules (SMTP, IMAP, XMPP, ...) are thin layers over it.
 *
 * <p>Entry points: {@link dev.startle.core.LineClient} opens connections and {@link dev.startle.core.LineServer}
 * accepts them, both immutable configurations with lazy, {@code Mono}-returning terminals; each yields a
 * {@link dev.startle.core.LineConnection}, which reads lines on demand ({@code lines()}, {@code bytes(n)},
 * {@code frames(framing)}), sends lines and raw bytes, and upgrades with {@code upgradeToTls(...)} (also as operators
 * in {@link dev.startle.core.StartTls}). {@link dev.startle.core.TlsSettings} and {@link dev.startle.core.TlsMode}
 * choose the TLS material and policy; {@link dev.startle.core.Wiretap} and {@link dev.startle.core.StartleMetrics}
 * observe.
 *
 * <p>Invariants: no plaintext byte received around the switch point is ever delivered as protected (the upgrade
 * fails with {@link dev.startle.core.StartTlsInjectionException} instead, and every {@link dev.startle.core.Line}
 * says whether it arrived under TLS); a required upgrade is never skipped silently ({@code STARTTLS_REQUIRED} is the
 * client default, opportunistic mode is an explicit opt-in); defaults are secure (hostname verification, TLS 1.2+,
 * JDK trust unless configured); every buffer, line, timeout and connection count is bounded, and exceeding a bound is
 * a typed {@link dev.startle.core.StartleException}, never a hang or an unbounded read; nothing blocks an event loop.
 */
package dev.startle.core;
