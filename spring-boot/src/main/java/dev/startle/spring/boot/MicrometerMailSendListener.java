package dev.startle.spring.boot;

import dev.startle.core.ReadTimeoutException;
import dev.startle.core.StartTlsException;
import dev.startle.core.TlsModeMismatchException;
import dev.startle.smtp.ExtensionRequiredException;
import dev.startle.smtp.MessageTooLargeException;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpAuthenticationException;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.SmtpMessage;
import dev.startle.spring.mail.MailSendListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeoutException;

/**
 * {@code startle.mail.sends} (timer; tags {@code outcome} = {@code sent}, {@code partial} (some recipients refused),
 * {@code refused} (the relay said no), {@code auth_failed}, {@code tls_failed}, {@code timeout}, {@code invalid}
 * (refused locally: too large, extension missing), {@code error}; and {@code exception}, the exception's simple class
 * name or {@code none}) and {@code startle.mail.recipients} (counter; tag {@code result} = {@code accepted}|{@code
 * rejected}). Tag values come from a closed set plus exception class names, never from addresses.
 */
final class MicrometerMailSendListener implements MailSendListener {
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Counter rejected;

    MicrometerMailSendListener(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = recipients("accepted");
        this.rejected = recipients("rejected");
    }

    @Override
    public void sent(SmtpMessage message, SendResult result, Duration duration) {
        timer(result.rejected().isEmpty() ? "sent" : "partial", "none").record(duration);
        accepted.increment(result.accepted().size());
        rejected.increment(result.rejected().size());
    }

    @Override
    public void failed(SmtpMessage message, Throwable error, Duration duration) {
        timer(outcome(error), error.getClass().getSimpleName()).record(duration);
    }

    static String outcome(Throwable error) {
        if (error instanceof SmtpAuthenticationException) {
            return "auth_failed";
        }
        if (error instanceof SmtpException) {
            return "refused";
        }
        if (error instanceof StartTlsException || error instanceof TlsModeMismatchException) {
            return "tls_failed";
        }
        if (error instanceof ReadTimeoutException || error instanceof TimeoutException) {
            return "timeout";
        }
        if (error instanceof MessageTooLargeException
                || error instanceof ExtensionRequiredException
                || error instanceof IllegalArgumentException
                || error instanceof IllegalStateException) {
            return "invalid";
        }
        return "error";
    }

    private Timer timer(String outcome, String exception) {
        return timers.computeIfAbsent(
                outcome + '|' + exception,
                k -> Timer.builder("startle.mail.sends")
                        .description("Mail sends through the ReactiveMailSender, by outcome")
                        .tag("outcome", outcome)
                        .tag("exception", exception.isEmpty() ? "anonymous" : exception)
                        .register(registry));
    }

    private Counter recipients(String result) {
        return Counter.builder("startle.mail.recipients")
                .description("Recipients of sent mail, by whether the relay accepted them")
                .tag("result", result)
                .register(registry);
    }
}
