package dev.startle.spring.mail;

import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import java.time.Duration;

/**
 * Observes the sends of a {@link StartleReactiveMailSender}, for metrics or audit logs. Called on the thread that
 * completed the send, usually a Netty event loop: implementations must be fast, thread-safe and must not block. An
 * exception thrown here fails the send it observes.
 */
public interface MailSendListener {

    /**
     * The relay accepted {@code message}.
     *
     * @param message what was sent
     * @param result the relay's answer, with the recipients it refused, if any
     * @param duration from subscription to acceptance, including acquiring a pooled session
     */
    default void sent(SmtpMessage message, SendResult result, Duration duration) {}

    /**
     * Sending {@code message} failed.
     *
     * @param message what was to be sent
     * @param error why, as the caller sees it
     * @param duration from subscription to the failure
     */
    default void failed(SmtpMessage message, Throwable error, Duration duration) {}
}
