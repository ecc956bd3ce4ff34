package dev.startle.smtp.internal;

import dev.startle.core.ConnectionClosedException;
import dev.startle.core.Line;
import dev.startle.core.LineConnection;
import dev.startle.smtp.SmtpReply;
import java.util.ArrayDeque;
import java.util.Queue;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Reads replies from one long-lived {@code lines()} subscription, one line of demand at a time: a line is requested
 * only while a caller waits for a reply, so nothing is read ahead of the STARTTLS switch point. Pipelined callers get
 * their replies in the order they asked.
 */
public final class ReplyReader extends BaseSubscriber<Line> {
    private final LineConnection connection;
    private final ReplyParser parser = new ReplyParser();
    private final Queue<Sinks.One<SmtpReply>> waiting = new ArrayDeque<>();
    private boolean requested;
    private boolean started;
    private Throwable terminal;

    /** A reader for {@code connection}; subscribes on the first {@link #next()}. */
    public ReplyReader(LineConnection connection) {
        this.connection = connection;
    }

    /**
     * The next reply (in call order). Errors: the connection's failure, {@link ConnectionClosedException} when the
     * server closed, or a {@code ProtocolViolationException} for a malformed reply.
     */
    public Mono<SmtpReply> next() {
        return Mono.defer(() -> {
            Sinks.One<SmtpReply> sink = Sinks.one();
            boolean subscribe = false;
            Throwable error;
            synchronized (this) {
                error = terminal;
                if (error == null) {
                    waiting.add(sink);
                    if (!started) {
                        started = true;
                        subscribe = true;
                    }
                }
            }
            if (error != null) {
                return Mono.error(error);
            }
            if (subscribe) {
                connection.lines().subscribe(this);
            } else {
                requestIfWaiting();
            }
            return sink.asMono();
        });
    }

    /** Whether a reply is being waited for. */
    public synchronized boolean busy() {
        return !waiting.isEmpty();
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        requestIfWaiting();
    }

    @Override
    protected void hookOnNext(Line line) {
        SmtpReply reply;
        Sinks.One<SmtpReply> sink = null;
        synchronized (this) {
            requested = false;
            reply = parser.add(line.text());
            if (reply != null) {
                sink = waiting.poll();
            }
        }
        if (sink != null) {
            sink.tryEmitValue(reply);
        }
        requestIfWaiting();
    }

    @Override
    protected void hookOnComplete() {
        terminate(new ConnectionClosedException("the SMTP server closed the connection"));
    }

    @Override
    protected void hookOnError(Throwable error) {
        terminate(error);
    }

    private void terminate(Throwable error) {
        Sinks.One<SmtpReply>[] pending;
        synchronized (this) {
            if (terminal == null) {
                terminal = error;
            }
            @SuppressWarnings("unchecked")
            Sinks.One<SmtpReply>[] array = waiting.toArray(new Sinks.One[0]);
            pending = array;
            waiting.clear();
        }
        for (Sinks.One<SmtpReply> sink : pending) {
            sink.tryEmitError(terminal);
        }
    }

    private void requestIfWaiting() {
        boolean request = false;
        synchronized (this) {
            if (!requested && !waiting.isEmpty() && upstream() != null && terminal == null) {
                requested = true;
                request = true;
            }
        }
        if (request) {
            request(1);
        }
    }
}
