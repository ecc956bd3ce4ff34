package dev.startle.core;

/**
 * How a connection uses TLS. One value per connection; protocol modules honour it before sending any credential or
 * message.
 *
 * <ul>
 *   <li>{@link #STARTTLS_REQUIRED} (the client default): the plaintext conversation must be upgraded with STARTTLS;
 *       if the peer does not offer it, the operation fails before anything sensitive is sent.
 *   <li>{@link #STARTTLS_OPPORTUNISTIC}: upgrade when the peer offers STARTTLS, otherwise continue in plaintext.
 *       <b>An active man-in-the-middle can strip the offer</b> and read or alter everything, so use it only where
 *       plaintext is acceptable anyway (e.g. MX-to-MX delivery without MTA-STS/DANE). The fallback is reported.
 *   <li>{@link #IMPLICIT}: TLS from the first byte (SMTPS 465, IMAPS 993, POP3S 995, XMPP direct TLS 5223), as
 *       RFC 8314 recommends for submission and mail access.
 *   <li>{@link #NONE}: never TLS. Must be chosen explicitly.
 * </ul>
 */
public enum TlsMode {
    /** Plaintext only, chosen explicitly. */
    NONE,
    /** STARTTLS when offered, plaintext otherwise. Vulnerable to STARTTLS stripping: see the type's Javadoc. */
    STARTTLS_OPPORTUNISTIC,
    /** STARTTLS must succeed before anything sensitive is sent. The default for clients. */
    STARTTLS_REQUIRED,
    /** TLS from the first byte of the connection. */
    IMPLICIT;

    /** Whether this mode upgrades a plaintext conversation with STARTTLS (required or opportunistic). */
    public boolean isStartTls() {
        return this == STARTTLS_OPPORTUNISTIC || this == STARTTLS_REQUIRED;
    }

    /** Whether a connection in this mode must end up protected by TLS. */
    public boolean requiresTls() {
        return this == STARTTLS_REQUIRED || this == IMPLICIT;
    }
}
