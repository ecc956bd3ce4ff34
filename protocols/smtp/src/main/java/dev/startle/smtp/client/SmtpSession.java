package dev.startle.smtp.client;

import dev.startle.core.TlsInfo;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpExtensions;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.SmtpReply;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * An established SMTP conversation: greeted, EHLO done, upgraded to TLS as the {@code TlsMode} demands, authenticated
 * when credentials were given. Runs one transaction at a time; {@link #send} calls are queued in order.
 *
 * <pre>{@code
 * client.session()
 *       .flatMap(s -> s.send(first).then(s.send(second)).then(s.quit()));
 * }</pre>
 */
public interface SmtpSession {

    /** What the server offers now (asked again after STARTTLS; the plaintext answer is forgotten). */
    SmtpExtensions extensions();

    /** Whether the session runs under TLS. */
    boolean isSecure();

    /** What TLS negotiated, when secure. */
    Optional<TlsInfo> tls();

    /** Whether AUTH succeeded. */
    boolean isAuthenticated();

    /** Warnings from setting up the session, e.g. an opportunistic fallback to plaintext. */
    List<String> warnings();

    /**
     * Runs one mail transaction: MAIL FROM, RCPT TO (pipelined when offered), DATA or BDAT with the streamed body.
     * Completes with the result once the server accepted the message data; fails with {@code SmtpException} (or a
     * subclass) when the server refused, {@code MessageTooLargeException}/{@code ExtensionRequiredException} when the
     * message cannot be sent as is (before anything is sent), or the connection's error.
     */
    Mono<SendResult> send(SmtpMessage message);

    /** RSET: abandons a transaction. */
    Mono<SmtpReply> reset();

    /** NOOP: checks the connection is alive. */
    Mono<SmtpReply> noop();

    /** QUIT, then closes the connection; completes when closed (also when the server had already gone). */
    Mono<Void> quit();

    /** Whether the connection is still usable. */
    boolean isOpen();
}
