package dev.startle.smtp.server;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * What an {@link SmtpServer} asks the application, one method per protocol state. Each decision is a {@code Mono}:
 * complete to accept, fail with {@link SmtpRejectException} to refuse with a specific reply (any other error becomes
 * {@code 451 4.3.0}). Only {@link #onMessage} is required.
 *
 * <pre>{@code
 * SmtpHandler inbox = message -> message.bytes().doOnNext(store::save).then();   // 250 only after save
 * }</pre>
 */
@FunctionalInterface
public interface SmtpHandler {

    /** A client connected; refusing sends the rejection as the greeting and closes. */
    default Mono<Void> onConnect(SmtpServerSession session) {
        return Mono.empty();
    }

    /** EHLO, HELO or LHLO with the client's name. */
    default Mono<Void> onHelo(SmtpServerSession session, String name) {
        return Mono.empty();
    }

    /** MAIL FROM: the reverse path ({@code ""} for {@code <>}) and its parameters. */
    default Mono<Void> onMailFrom(SmtpServerSession session, String from, Map<String, String> parameters) {
        return Mono.empty();
    }

    /** RCPT TO: one recipient and its parameters ({@code NOTIFY}, {@code ORCPT}). */
    default Mono<Void> onRcptTo(SmtpServerSession session, String recipient, Map<String, String> parameters) {
        return Mono.empty();
    }

    /**
     * The message. The server replies {@code 250} to the end of data only after this completes; an error is the
     * client's reply instead. Subscribing to the content is optional (unread content is consumed and dropped).
     */
    Mono<Void> onMessage(ReceivedMessage message);
}
