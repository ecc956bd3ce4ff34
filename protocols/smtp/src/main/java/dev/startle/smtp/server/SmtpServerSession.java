package dev.startle.smtp.server;

import dev.startle.core.TlsInfo;
import java.net.SocketAddress;
import java.util.Optional;

/** What a handler may know about the client's session. State resets after STARTTLS (RFC 3207 section 4.2). */
public interface SmtpServerSession {
    /** A short id for logs. */
    String id();

    /** The client's address. */
    SocketAddress remoteAddress();

    /** The name the client gave in EHLO/HELO/LHLO, if it did (since the last STARTTLS). */
    Optional<String> heloName();

    /** Whether the session runs under TLS. */
    boolean isSecure();

    /** What TLS negotiated, when secure. */
    Optional<TlsInfo> tls();

    /** The authenticated user, after a successful AUTH. */
    Optional<String> authenticatedUser();
}
