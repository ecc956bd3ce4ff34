package dev.startle.smtp.internal;

import dev.startle.core.ConnectionClosedException;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.client.SmtpPoolSettings;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolBuilder;
import reactor.pool.PooledRef;

/**
 * Reuses SMTP sessions across sends (reactor-pool): RSET is not needed between complete transactions, a session idle
 * past {@code validateAfterIdle} is checked with NOOP, idle sessions are closed with QUIT, and a send that failed
 * because the connection went away (or the server said 421) is tried once more on a fresh session, but only when the
 * server cannot have accepted the message.
 */
public final class SessionPool {
    private static final Logger log = LoggerFactory.getLogger(SessionPool.class);

    private final InstrumentedPool<DefaultSmtpSession> pool;
    private final SmtpPoolSettings settings;

    /** A pool whose sessions come from {@code opener}. */
    public SessionPool(Mono<DefaultSmtpSession> opener, SmtpPoolSettings settings) {
        this.settings = settings;
        this.pool = PoolBuilder.from(opener)
                .sizeBetween(0, settings.maxConnections())
                .maxPendingAcquire(settings.maxPendingAcquires())
                .evictionPredicate((session, meta) -> !session.isOpen()
                        || meta.idleTime() >= settings.maxIdleTime().toMillis())
                .evictInBackground(
                        Duration.ofMillis(Math.max(1000, settings.maxIdleTime().toMillis() / 2)))
                .destroyHandler(DefaultSmtpSession::quietQuit)
                .buildPool();
    }

    /** Sends on a pooled session, retrying once on a fresh one when that is safe. */
    public Mono<SendResult> send(SmtpMessage message) {
        return attempt(message).onErrorResume(Retry.class, first -> {
            log.debug(
                    "retrying a send on a fresh session after {}",
                    first.getCause().toString());
            return attempt(message).onErrorMap(Retry.class, Throwable::getCause);
        });
    }

    private Mono<SendResult> attempt(SmtpMessage message) {
        return pool.acquire().flatMap(ref -> {
            DefaultSmtpSession session = ref.poolable();
            return validate(session)
                    .then(session.send(message))
                    .flatMap(result -> ref.release().thenReturn(result))
                    .onErrorResume(error -> recycle(ref, error).then(Mono.error(classify(session, error))));
        });
    }

    /** NOOP a session that sat idle, so a connection the server dropped is found before a message is sent on it. */
    private Mono<Void> validate(DefaultSmtpSession session) {
        if (session.idleNanos() < settings.validateAfterIdle().toNanos()) {
            return Mono.empty();
        }
        return session.noop()
                .flatMap(reply ->
                        reply.isPositive() ? Mono.<Void>empty() : Mono.error(new SmtpException("NOOP", reply)));
    }

    /** A session the server refused something on is still good; a broken one is thrown away. */
    private static Mono<Void> recycle(PooledRef<DefaultSmtpSession> ref, Throwable error) {
        DefaultSmtpSession session = ref.poolable();
        boolean healthy = session.isOpen()
                && session.inStep()
                && !session.replies().busy()
                && !(error instanceof SmtpException e && e.code() == 421);
        return healthy ? ref.release() : ref.invalidate();
    }

    /** Wraps errors that are safe to retry on a fresh connection. */
    private static Throwable classify(DefaultSmtpSession session, Throwable error) {
        boolean connectionLost = !session.isOpen()
                || error instanceof ConnectionClosedException
                || error instanceof IOException
                || (error instanceof SmtpException e && e.code() == 421);
        if (connectionLost && !session.lastSendInDoubt()) {
            return new Retry(error);
        }
        return error;
    }

    /** Closes every session (QUIT) and the pool. */
    public Mono<Void> close() {
        return pool.disposeLater();
    }

    /** Sessions open now (idle or in use). */
    public int size() {
        return pool.metrics().allocatedSize();
    }

    /** Sessions idle in the pool now. */
    public int idle() {
        return pool.metrics().idleSize();
    }

    /** Marks an error as safe to retry; unwrapped before it reaches the caller. */
    private static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retry(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
