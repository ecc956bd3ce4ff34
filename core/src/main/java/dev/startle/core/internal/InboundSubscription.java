package dev.startle.core.internal;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Operators;

/** One subscriber of a connection's inbound frames or bytes; demand is added from any thread, spent on the loop. */
final class InboundSubscription implements Subscription {
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<InboundSubscription> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(InboundSubscription.class, "requested");

    private final Subscriber<Object> subscriber;
    private final InboundFramer framer;
    private volatile long requested;
    volatile boolean cancelled;
    /** Terminal signal sent; touched on the event loop only. */
    boolean done;

    @SuppressWarnings("unchecked")
    InboundSubscription(Subscriber<?> subscriber, InboundFramer framer) {
        this.subscriber = (Subscriber<Object>) subscriber;
        this.framer = framer;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancelled = true;
            framer.failLater(this, new IllegalArgumentException("§3.9: request amount must be positive, was " + n));
            return;
        }
        Operators.addCap(REQUESTED, this, n);
        framer.drainLater();
    }

    @Override
    public void cancel() {
        cancelled = true;
        framer.drainLater();
    }

    boolean hasDemand() {
        return requested > 0;
    }

    void emit(Object value) {
        if (requested != Long.MAX_VALUE) {
            REQUESTED.decrementAndGet(this);
        }
        subscriber.onNext(value);
    }

    void complete() {
        if (!done) {
            done = true;
            subscriber.onComplete();
        }
    }

    void fail(Throwable error) {
        if (!done) {
            done = true;
            subscriber.onError(error);
        }
    }
}
