package dev.startle.smtp.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * An {@link SmtpHandler} that records every decision it is asked for, in order, as short strings ({@code "HELO x"},
 * {@code "MAIL a@b"}, {@code "RCPT c@d"}, {@code "MESSAGE [c@d]"}, then {@code "MESSAGE completed"} or
 * {@code "MESSAGE failed: <exception>"}), plus the content of each message it read. Non-blocking: safe on the event
 * loop under BlockHound.
 */
final class RecordingHandler implements SmtpHandler {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<byte[]> messages = new CopyOnWriteArrayList<>();
    final List<Throwable> contentErrors = new CopyOnWriteArrayList<>();
    final List<Boolean> secure = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Function<ReceivedMessage, Mono<Void>> onMessage = this::readAll;
    private volatile Function<String, Mono<Void>> onMailFrom = from -> Mono.empty();
    private volatile Function<String, Mono<Void>> onRcptTo = rcpt -> Mono.empty();

    /** Replaces what happens with each message (the default reads it all and propagates a content error). */
    RecordingHandler onMessage(Function<ReceivedMessage, Mono<Void>> behaviour) {
        this.onMessage = behaviour;
        return this;
    }

    RecordingHandler onMailFrom(Function<String, Mono<Void>> behaviour) {
        this.onMailFrom = behaviour;
        return this;
    }

    RecordingHandler onRcptTo(Function<String, Mono<Void>> behaviour) {
        this.onRcptTo = behaviour;
        return this;
    }

    /** Reads the whole content into {@link #messages}; a content error goes to {@link #contentErrors} and on. */
    Mono<Void> readAll(ReceivedMessage message) {
        return message.bytes()
                .doOnNext(messages::add)
                .doOnError(contentErrors::add)
                .then();
    }

    @Override
    public Mono<Void> onHelo(SmtpServerSession session, String name) {
        events.add("HELO " + name);
        return Mono.empty();
    }

    @Override
    public Mono<Void> onMailFrom(SmtpServerSession session, String from, Map<String, String> parameters) {
        events.add("MAIL " + from);
        return onMailFrom.apply(from);
    }

    @Override
    public Mono<Void> onRcptTo(SmtpServerSession session, String recipient, Map<String, String> parameters) {
        events.add("RCPT " + recipient);
        return onRcptTo.apply(recipient);
    }

    @Override
    public Mono<Void> onMessage(ReceivedMessage message) {
        events.add("MESSAGE " + message.recipients());
        secure.add(message.session().isSecure());
        started.countDown();
        return Mono.defer(() -> onMessage.apply(message))
                .doOnSuccess(v -> events.add("MESSAGE completed"))
                .doOnError(e -> events.add("MESSAGE failed: " + e))
                .doOnCancel(() -> events.add("MESSAGE cancelled"))
                .doFinally(signal -> finished.countDown());
    }

    /** Waits (bounded) until the handler was given a message. */
    void awaitMessageStart(Duration timeout) throws InterruptedException {
        if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no message reached the handler within " + timeout + "; events: " + events);
        }
    }

    /** Waits (bounded) until the first message's handler ended, however it ended. */
    void awaitMessageEnd(Duration timeout) throws InterruptedException {
        if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the message handler did not end within " + timeout + "; events: " + events);
        }
    }

    /** The events that mention a smuggled or injected name. */
    List<String> eventsContaining(String text) {
        return events.stream().filter(e -> e.contains(text)).toList();
    }
}
