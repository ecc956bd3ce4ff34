package dev.startle.smtp.test;

import dev.startle.core.TlsInfo;
import dev.startle.smtp.server.ReceivedMessage;
import dev.startle.smtp.server.SmtpHandler;
import dev.startle.smtp.server.SmtpRejectException;
import dev.startle.smtp.server.SmtpServerSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded server's handler and mailbox. A message is recorded <em>before</em> the handler's {@code Mono}
 * completes, so by the time a client sees {@code 250} the message is in {@link #messages()}.
 *
 * <p>One lock guards everything: emissions to the replay sink are serialized by it (sessions deliver on several event
 * loops at once), and {@link #await} waits on it.
 */
final class Inbox implements SmtpHandler {
    private final Object lock = new Object();
    private final List<ReceivedMail> messages = new ArrayList<>();
    private final Deque<SmtpRejectException> nextRejections = new ArrayDeque<>();
    private final Map<String, SmtpRejectException> recipientRejections = new HashMap<>();
    private Sinks.Many<ReceivedMail> sink = Sinks.many().replay().all();
    private boolean closed;

    // ---- SmtpHandler

    @Override
    public Mono<Void> onRcptTo(SmtpServerSession session, String recipient, Map<String, String> parameters) {
        SmtpRejectException rejection;
        synchronized (lock) {
            rejection = recipientRejections.get(recipient.toLowerCase(Locale.ROOT));
        }
        return rejection == null ? Mono.empty() : Mono.error(rejection);
    }

    @Override
    public Mono<Void> onMessage(ReceivedMessage message) {
        // Read the whole message first: a refusal at the end of data is what real servers do after content checks.
        return message.bytes().flatMap(bytes -> {
            SmtpServerSession session = message.session();
            synchronized (lock) {
                if (closed) {
                    return Mono.error(new SmtpRejectException(421, "4.3.2", "Server shutting down"));
                }
                SmtpRejectException rejection = nextRejections.poll();
                if (rejection != null) {
                    return Mono.error(rejection);
                }
                ReceivedMail mail = new ReceivedMail(
                        session.id(),
                        session.heloName().orElse(null),
                        message.from(),
                        message.recipients(),
                        message.mailParameters(),
                        bytes,
                        session.isSecure(),
                        session.tls().map(TlsInfo::protocol).orElse(null),
                        session.authenticatedUser().orElse(null),
                        Instant.now());
                messages.add(mail);
                sink.tryEmitNext(mail); // fails only once closed, when the mail is still in messages()
                lock.notifyAll();
            }
            return Mono.empty();
        });
    }

    // ---- the embedded server's view

    /** Signals hop to a bounded-elastic thread: a subscriber that blocks or asserts slowly never stalls a session. */
    Flux<ReceivedMail> flux() {
        return Flux.defer(() -> {
                    synchronized (lock) {
                        return sink.asFlux();
                    }
                })
                .publishOn(Schedulers.boundedElastic());
    }

    List<ReceivedMail> messages() {
        synchronized (lock) {
            return List.copyOf(messages);
        }
    }

    List<ReceivedMail> await(int count, Duration timeout) throws InterruptedException {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (messages.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new AssertionError("expected at least " + count + " message(s) within " + timeout + ", got "
                            + messages.size() + (closed ? " before the server closed" : "") + ": " + messages);
                }
                long millis = Math.max(1, left / 1_000_000);
                lock.wait(millis);
            }
            return List.copyOf(messages);
        }
    }

    /** Empties the mailbox, drops pending rejections and completes the Flux of earlier subscribers. */
    void clear() {
        synchronized (lock) {
            messages.clear();
            nextRejections.clear();
            recipientRejections.clear();
            sink.tryEmitComplete();
            sink = Sinks.many().replay().all();
            if (closed) {
                sink.tryEmitComplete();
            }
        }
    }

    void rejectNext(SmtpRejectException rejection) {
        Objects.requireNonNull(rejection, "rejection");
        synchronized (lock) {
            nextRejections.add(rejection);
        }
    }

    void rejectRecipient(String recipient, SmtpRejectException rejection) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(rejection, "rejection");
        synchronized (lock) {
            recipientRejections.put(recipient.toLowerCase(Locale.ROOT), rejection);
        }
    }

    void close() {
        synchronized (lock) {
            closed = true;
            sink.tryEmitComplete();
            lock.notifyAll();
        }
    }
}
