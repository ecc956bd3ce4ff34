package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.internal.DefaultLineConnection;
import dev.startle.core.testing.LoopbackServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A slow consumer bounds memory: measured with the bytes the client read from its socket against the bytes it consumed
 * and the bytes the server wanted to send, not with timing.
 */
class BackpressureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TRANSFER = Duration.ofSeconds(60);
    private static final int LINES = 200_000;
    /** Each line is 98 bytes plus CRLF: 100 bytes on the wire. */
    private static final int WIRE_LENGTH = 100;

    private static final long TOTAL = (long) LINES * WIRE_LENGTH;
    /** The read-ahead limit (64 KiB) plus one socket read (at most 64 KiB), with room to spare. */
    private static final long READ_BOUND = 512 * 1024;

    private static final String PAD = ".".repeat(WIRE_LENGTH - 2 - 14);

    static String line(int i) {
        String n = Integer.toString(i);
        return "line " + "0".repeat(8 - n.length()) + n + " " + PAD;
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void aConsumerThatStopsStopsTheReadingAndLosesNothing(boolean readAhead) throws Exception {
        assertThat(line(LINES - 1)).hasSize(WIRE_LENGTH - 2);
        try (LoopbackServer server = LoopbackServer.plain()) {
            DefaultLineConnection c = (DefaultLineConnection) server.connect(cl -> cl.readAhead(readAhead));
            LineConnection peer = server.next(WAIT);

            AtomicLong emitted = new AtomicLong();
            CompletableFuture<Void> sent = peer.send(
                            Flux.range(0, LINES).map(BackpressureTest::line).doOnNext(l -> emitted.incrementAndGet()))
                    .toFuture();

            CheckingSubscriber consumer = new CheckingSubscriber();
            c.lines().subscribe(consumer);
            awaitValue(consumer.received::get, 1);

            // Let the connection settle: nothing more is read once the read-ahead is full.
            settle(c::bytesReceived, emitted::get);
            long read = c.bytesReceived();
            long serverEmitted = emitted.get() * WIRE_LENGTH;
            System.out.printf(
                    "read-ahead %s: consumed 1 line (%d bytes); client read %,d bytes from its socket; "
                            + "server source emitted %,d of %,d bytes, send complete: %s%n",
                    readAhead, WIRE_LENGTH, read, serverEmitted, TOTAL, sent.isDone());

            assertThat(consumer.received.get()).as("lines delivered").isEqualTo(1);
            assertThat(read).as("bytes the client read").isLessThan(READ_BOUND);
            if (!readAhead) {
                // without read-ahead only what was read for the one wanted line: a single socket read
                assertThat(read).isLessThanOrEqualTo(64 * 1024);
            }
            // the server is held back by TCP flow control, not by the client buffering the stream
            assertThat(sent).as("the server's send").isNotDone();
            assertThat(serverEmitted).isLessThan(TOTAL);

            // Now consume everything: all lines, in order, exactly once.
            consumer.requestUnbounded();
            sent.get(TRANSFER.toSeconds(), TimeUnit.SECONDS);
            assertThat(emitted.get()).isEqualTo(LINES);
            peer.close().block(WAIT);
            consumer.done.asMono().block(TRANSFER);
            assertThat(consumer.mismatch).as("first out-of-order line").isNull();
            assertThat(consumer.received.get()).isEqualTo(LINES);
            assertThat(c.bytesReceived()).isEqualTo(TOTAL);
        }
    }

    /** Requests one line, then nothing until told; checks each line against its index. */
    private static final class CheckingSubscriber extends BaseSubscriber<Line> {
        final AtomicInteger received = new AtomicInteger();
        final Sinks.Empty<Void> done = Sinks.empty();
        volatile String mismatch;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(Line value) {
            int i = received.getAndIncrement();
            if (mismatch == null && !value.text().equals(line(i))) {
                mismatch = "line #" + i + " was \"" + value.text() + "\"";
            }
        }

        @Override
        protected void hookOnComplete() {
            done.tryEmitEmpty();
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            done.tryEmitError(throwable);
        }
    }

    /** Waits (bounded) until {@code probe} reaches {@code value}. */
    private static void awaitValue(LongSupplier probe, long value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (probe.getAsLong() < value && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(probe.getAsLong()).isEqualTo(value);
    }

    /** Waits until every probe has kept its value for 300 ms, or at most 10 s (the caller asserts the bounds). */
    static void settle(LongSupplier... probes) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long[] last = new long[probes.length];
        int stable = 0;
        while (stable < 6 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            boolean same = true;
            for (int i = 0; i < probes.length; i++) {
                long v = probes[i].getAsLong();
                same &= v == last[i];
                last[i] = v;
            }
            stable = same ? stable + 1 : 0;
        }
    }
}
