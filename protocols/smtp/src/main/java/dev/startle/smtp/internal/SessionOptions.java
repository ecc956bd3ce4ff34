package dev.startle.smtp.internal;

import dev.startle.core.TlsMode;

/**
 * How a session sets itself up and runs transactions; derived from the client's configuration.
 *
 * @param ehloName the EHLO argument, or null for the address literal of the local address
 * @param authenticator runs AUTH after EHLO (and TLS), or null for no authentication
 * @param allowPlaintextAuth with {@link TlsMode#NONE} only: allow credentials without TLS
 * @param requireAllRecipients fail the send when any recipient is refused
 * @param useChunking use BDAT when the server offers CHUNKING and PIPELINING
 */
public record SessionOptions(
        TlsMode tlsMode,
        String ehloName,
        Authenticator authenticator,
        boolean allowPlaintextAuth,
        boolean requireAllRecipients,
        boolean useChunking) {}
