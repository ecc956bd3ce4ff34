package dev.startle.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Writes a publisher's items to a channel: at most {@link #WINDOW} writes in flight (so a slow peer backpressures the
 * source), flushed when the source pauses or the window fills, completing when the last write is on the wire.
 */
final class OutboundWriter implements CoreSubscriber<Object> {
    static final int WINDOW = 32;

    private final Channel channel;
    private final Function<Object, Object> encoder;
    private final MonoSink<Void> sink;
    /** Items handed to the event loop from another thread and not yet written. */
    private final AtomicInteger queued = new AtomicInteger();

    private Subscription upstream;
    // event-loop confined
    private int inFlight;
    private int unflushed;
    private boolean flushScheduled;
    private boolean upstreamDone;
    private boolean finished;
    private ChannelFuture lastWrite;

    private OutboundWriter(Channel channel, Function<Object, Object> encoder, MonoSink<Void> sink) {
        this.channel = channel;
        this.encoder = encoder;
        this.sink = sink;
    }

    static Mono<Void> write(Channel channel, Publisher<?> items, Function<Object, Object> encoder) {
        return Mono.create(sink -> {
            OutboundWriter writer = new OutboundWriter(channel, encoder, sink);
            sink.onCancel(() -> channel.eventLoop().execute(writer::cancel));
            items.subscribe(writer);
        });
    }

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        s.request(WINDOW);
    }

    @Override
    public void onNext(Object item) {
        // Directly only when nothing is queued: a source that emitted from another thread first (the subscriber's
        // thread) and then from the loop (requests from write listeners) must not overtake its own queued items.
        if (channel.eventLoop().inEventLoop() && queued.get() == 0) {
            writeItem(item);
        } else {
            queued.incrementAndGet();
            channel.eventLoop().execute(() -> {
                queued.decrementAndGet();
                writeItem(item);
            });
        }
    }

    @Override
    public void onError(Throwable t) {
        channel.eventLoop().execute(() -> {
            flushNow();
            finish(t);
        });
    }

    @Override
    public void onComplete() {
        channel.eventLoop().execute(() -> {
            upstreamDone = true;
            flushNow();
            if (inFlight == 0) {
                finish(null);
            }
        });
    }

    private void writeItem(Object item) {
        if (finished) {
            ReferenceCountUtil.release(item);
            return;
        }
        Object encoded;
        try {
            encoded = encoder.apply(item);
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(item);
            upstream.cancel();
            flushNow();
            finish(e);
            return;
        }
        inFlight++;
        unflushed++;
        lastWrite = channel.write(encoded);
        lastWrite.addListener(f -> written(f.cause()));
        if (unflushed >= WINDOW / 2) {
            flushNow();
        } else if (!flushScheduled) {
            // Flush once the current burst of items has been written: batching without delaying a lone line.
            flushScheduled = true;
            channel.eventLoop().execute(this::flushNow);
        }
    }

    private void written(Throwable cause) {
        inFlight--;
        if (finished) {
            return;
        }
        if (cause != null) {
            upstream.cancel();
            finish(cause);
        } else if (upstreamDone) {
            if (inFlight == 0) {
                finish(null);
            }
        } else {
            upstream.request(1);
        }
    }

    private void flushNow() {
        flushScheduled = false;
        if (unflushed > 0) {
            unflushed = 0;
            channel.flush();
        }
    }

    private void cancel() {
        if (!finished) {
            finished = true;
            if (upstream != null) {
                upstream.cancel();
            }
            flushNow();
        }
    }

    private void finish(Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        if (error == null) {
            sink.success();
        } else {
            sink.error(error);
        }
    }
}
