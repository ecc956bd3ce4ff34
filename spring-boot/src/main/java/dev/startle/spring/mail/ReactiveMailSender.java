package dev.startle.spring.mail;

import dev.startle.smtp.MailMessage;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import reactor.core.publisher.Mono;

/**
 * Sends mail without blocking: the reactive counterpart of Spring's {@code JavaMailSender}, for WebFlux services. Each
 * method is lazy (nothing is sent until the {@code Mono} is subscribed) and completes with the relay's {@link
 * SendResult} once the relay accepted the message for at least one recipient.
 *
 * <pre>{@code
 * @PostMapping("/welcome")
 * Mono<SendResult> welcome(@RequestBody User user) {
 *     return mailSender.sendText("noreply@example.org", user.email(), "Welcome", "Hello " + user.name());
 * }
 * }</pre>
 *
 * Errors arrive as error signals, never as exceptions thrown by the methods: {@code SmtpException} (and its
 * subclasses {@code RecipientsRejectedException}, {@code SmtpAuthenticationException}) when the relay refused, with
 * its reply code, enhanced status code and text; {@code TlsRequiredException} when TLS is required but the relay did
 * not offer STARTTLS (nothing was sent); {@code TlsHandshakeException} when the handshake failed (for example an
 * untrusted certificate); {@code IllegalArgumentException}/{@code IllegalStateException} for a message that cannot be
 * built; or the connection's error.
 *
 * <p>Only {@link #send(SmtpMessage)} must be implemented, so a test double is one lambda.
 */
@FunctionalInterface
public interface ReactiveMailSender {

    /**
     * Sends a message given as envelope and RFC 5322 bytes.
     *
     * @param message the envelope (MAIL FROM, RCPT TO) and the body
     * @return the relay's acceptance, or an error signal as described on the type
     */
    Mono<SendResult> send(SmtpMessage message);

    /**
     * Sends a message built with {@link MailMessage#builder()}; its envelope is the From address and the To, Cc and
     * Bcc recipients.
     *
     * @param message the message
     * @return the relay's acceptance; an {@code IllegalStateException} signal if the message has no recipients
     */
    default Mono<SendResult> send(MailMessage message) {
        return Mono.fromCallable(message::toSmtpMessage).flatMap(this::send);
    }

    /**
     * Sends a plain-text mail to one recipient.
     *
     * <pre>{@code
     * mailSender.sendText("noreply@example.org", "bob@example.net", "Your report", "It is ready.");
     * }</pre>
     *
     * @param from the author and envelope sender
     * @param to the recipient
     * @param subject the subject (non-ASCII is encoded)
     * @param text the body
     * @return the relay's acceptance; an {@code IllegalArgumentException} signal for an invalid address or a subject
     *     with a line break
     */
    default Mono<SendResult> sendText(String from, String to, String subject, String text) {
        return Mono.fromCallable(() -> MailMessage.builder()
                        .from(from)
                        .to(to)
                        .subject(subject)
                        .text(text)
                        .build())
                .flatMap(this::send);
    }
}
