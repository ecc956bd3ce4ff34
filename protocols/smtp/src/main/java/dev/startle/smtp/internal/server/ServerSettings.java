package dev.startle.smtp.internal.server;

import dev.startle.core.LineFraming;
import dev.startle.core.TlsMode;
import dev.startle.smtp.server.LineEndingPolicy;
import dev.startle.smtp.server.PasswordAuthenticator;
import dev.startle.smtp.server.SmtpHandler;

/**
 * What a server session needs from the server's configuration.
 *
 * @param hostname the name in the greeting and EHLO reply
 * @param authenticator checks AUTH PLAIN/LOGIN, or null for no AUTH
 * @param requireAuth refuse MAIL FROM before AUTH (submission)
 * @param allowPlaintextAuth offer AUTH before TLS (never by default)
 * @param lmtp speak LMTP (RFC 2033): LHLO, one reply per recipient after the data
 */
public record ServerSettings(
        String hostname,
        TlsMode tlsMode,
        long maxMessageSize,
        int maxRecipients,
        PasswordAuthenticator authenticator,
        boolean requireAuth,
        boolean allowPlaintextAuth,
        LineEndingPolicy lineEndings,
        boolean lmtp,
        LineFraming commandFraming,
        SmtpHandler handler) {}
