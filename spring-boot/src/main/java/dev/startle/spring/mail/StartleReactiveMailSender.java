package dev.startle.spring.mail;

import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.client.SmtpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The {@link ReactiveMailSender} on a pooled Startle {@link SmtpClient}: sessions are reused between sends (STARTTLS
 * and AUTH once per connection), checked with NOOP after sitting idle, and a send that lost its connection before the
 * relay could have accepted it is retried once. The sender does not own the client: whoever created the client closes
 * it (the auto-configured client bean is closed with the application context).
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.create().host("smtp.example.org").port(587)
 *         .credentials(PasswordCredential.of("app@example.org", secret));
 * ReactiveMailSender sender = new StartleReactiveMailSender(client);
 * }</pre>
 */
public final class StartleReactiveMailSender implements ReactiveMailSender {
    private final SmtpClient client;
    private final List<MailSendListener> listeners;

    /**
     * A sender on {@code client}.
     *
     * @param client the configured client (its pool is created on the first send)
     */
    public StartleReactiveMailSender(SmtpClient client) {
        this(client, List.of());
    }

    /**
     * A sender on {@code client} that reports each send to {@code listeners}, in order.
     *
     * @param client the configured client
     * @param listeners observers of each send's outcome; see {@link MailSendListener} for their constraints
     */
    public StartleReactiveMailSender(SmtpClient client, List<? extends MailSendListener> listeners) {
        this.client = Objects.requireNonNull(client, "client");
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public Mono<SendResult> send(SmtpMessage message) {
        Objects.requireNonNull(message, "message");
        if (listeners.isEmpty()) {
            return client.send(message);
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return client.send(message)
                    .doOnNext(result -> {
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        listeners.forEach(l -> l.sent(message, result, took));
                    })
                    .doOnError(error -> {
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        listeners.forEach(l -> l.failed(message, error, took));
                    });
        });
    }

    /** The client this sender sends with (for {@link SmtpClient#session()} and the like). */
    public SmtpClient client() {
        return client;
    }

    @Override
    public String toString() {
        return "StartleReactiveMailSender[" + client + "]";
    }
}
