package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.core.internal.DefaultLineConnection;
import dev.startle.core.testing.LoopbackServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The outbound side: line checks, pipelining, mixed publishers, buffer ownership, and backpressure from the socket. */
class SendTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static List<String> readLines(LineConnection peer, int n) {
        return peer.lines().take(n).map(Line::text).collectList().block(WAIT);
    }

    private static ByteBuf pooled(String text) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        return buf;
    }

    @Test
    void aLineWithCrOrLfIsRejectedAtCallTimeAndNothingIsSent() {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect();
            LineConnection peer = server.next(WAIT);
            for (String bad : new String[] {"RCPT TO:<a>\r\nDATA", "a\rb", "a\nb", "\r\n", "trailing\n"}) {
                assertThatThrownBy(() -> c.send(bad))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("CR or LF");
                assertThatThrownBy(() -> c.send("NOOP", bad)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> c.upgradeToTls("220 go\r\nahead")).isInstanceOf(IllegalArgumentException.class);
            // in a publisher the same check fails the Mono instead, and also covers Line items
            StepVerifier.create(c.send(Flux.just("MAIL FROM:<a>\nRCPT TO:<b>")))
                    .expectError(IllegalArgumentException.class)
                    .verify(WAIT);
            StepVerifier.create(c.send(Flux.just(Line.of("QUIT\rRSET", false))))
                    .expectError(IllegalArgumentException.class)
                    .verify(WAIT);

            c.send("NOOP").block(WAIT);
            // the first line the peer sees is the valid one: no part of a rejected send reached the wire
            assertThat(readLines(peer, 1)).containsExactly("NOOP");
            assertThat(((DefaultLineConnection) peer).bytesReceived()).isEqualTo("NOOP\r\n".length());
        }
    }

    @Test
    void varargsPipelineSeveralLinesThatArriveInOrder() {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect();
            LineConnection peer = server.next(WAIT);
            // a peer answering each command; the client sends all three before reading any answer
            peer.lines().concatMap(l -> peer.send("250 " + l.text()), 0).subscribe(v -> {}, e -> {});

            c.send("MAIL FROM:<a@example.org>", "RCPT TO:<b@example.org>", "DATA")
                    .block(WAIT);
            assertThat(c.lines().take(3).map(Line::text).collectList().block(WAIT))
                    .containsExactly("250 MAIL FROM:<a@example.org>", "250 RCPT TO:<b@example.org>", "250 DATA");
            StepVerifier.create(c.send(new CharSequence[0])).expectComplete().verify(WAIT);
        }
    }

    @Test
    void aPublisherMixesLinesAndRawBytesAndTakesOwnershipOfBuffers() {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect();
            LineConnection peer = server.next(WAIT);
            ByteBuf buf = pooled("buf\r\n");
            StringBuilder builder = new StringBuilder("line5");
            c.send(Flux.just(
                            "line1",
                            "raw-".getBytes(StandardCharsets.US_ASCII),
                            buf,
                            Line.of("line4 ünïcode", false),
                            builder))
                    .block(WAIT);
            assertThat(buf.refCnt()).as("the buffer was released after writing").isZero();
            assertThat(readLines(peer, 4)).containsExactly("line1", "raw-buf", "line4 ünïcode", "line5");
        }
    }

    @Test
    void anUnsupportedItemFailsTheSendAndIsReleased() {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect();
            LineConnection peer = server.next(WAIT);

            DefaultByteBufHolder holder = new DefaultByteBufHolder(pooled("not a ByteBuf"));
            StepVerifier.create(c.send(Flux.just("before", holder)))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining(DefaultByteBufHolder.class.getName()))
                    .verify(WAIT);
            assertThat(holder.refCnt()).isZero();

            StepVerifier.create(c.send(Flux.just("between", 42)))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("java.lang.Integer"))
                    .verify(WAIT);

            // a failing source fails the send too, after what it emitted before the error
            StepVerifier.create(c.send(Flux.concat(Flux.just("last"), Flux.error(new IllegalStateException("boom")))))
                    .expectErrorMessage("boom")
                    .verify(WAIT);

            // the connection is still usable, and only the valid items before each failure were sent
            c.send("after").block(WAIT);
            assertThat(readLines(peer, 4)).containsExactly("before", "between", "last", "after");
        }
    }

    @Test
    void aPublisherKeepsItsOrderWhenItEmitsFromTheCallerThreadAndThenFromTheEventLoop() {
        // Subscribed from the test thread, Flux.range emits its first window here and the rest from the event loop
        // (requested by write completions): the writer must not let the loop's items overtake queued ones.
        int lines = 20_000;
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect();
            LineConnection peer = server.next(WAIT);
            AtomicLong next = new AtomicLong();
            AtomicLong wrong = new AtomicLong(-1);
            Sinks.Empty<Void> allSeen = Sinks.empty();
            peer.lines()
                    .take(lines)
                    .subscribe(
                            line -> {
                                long i = next.getAndIncrement();
                                if (wrong.get() < 0 && !line.text().equals("line " + i)) {
                                    wrong.set(i);
                                }
                            },
                            allSeen::tryEmitError,
                            allSeen::tryEmitEmpty);

            c.send(Flux.range(0, lines).map(i -> "line " + i)).block(WAIT);
            allSeen.asMono().block(WAIT);
            assertThat(wrong.get()).as("index of the first line out of order").isEqualTo(-1);
            assertThat(next.get()).isEqualTo(lines);
        }
    }

    // ---- backpressure

    private static final int CHUNK = 16 * 1024;
    private static final int CHUNKS = 1536; // 24 MiB: well beyond what loopback socket buffers hold
    private static final long TOTAL = (long) CHUNK * CHUNKS;
    /** OutboundWriter's window: writes not yet completed before the source is asked for more. */
    private static final int WINDOW = 32;

    private static ByteBuf chunk(int index) {
        byte[] bytes = new byte[CHUNK];
        long base = (long) index * CHUNK;
        for (int j = 0; j < CHUNK; j++) {
            bytes[j] = (byte) ((base + j) % 251);
        }
        // Unpooled and direct: not recycled after release (so refCnt() 0 means written) and not copied by the
        // transport. One bulk write: at the paranoid leak level every access to a buffer records a stack trace.
        return Unpooled.directBuffer(CHUNK).writeBytes(bytes);
    }

    /**
     * How many bytes loopback TCP buffers hold between a writer and a reader that never reads, measured with plain
     * NIO on this machine (sender and receiver buffers together, typically a few MiB with Linux autotuning).
     */
    private static long kernelBuffering() throws IOException, InterruptedException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel writer = SocketChannel.open(listener.getLocalAddress());
                    SocketChannel reader = listener.accept()) {
                writer.configureBlocking(false);
                ByteBuffer block = ByteBuffer.allocate(CHUNK);
                long total = 0;
                for (int idle = 0, round = 0; idle < 10 && round < 1000; round++) {
                    int n = writer.write(block.clear());
                    total += n;
                    if (n == 0) {
                        idle++;
                        Thread.sleep(20);
                    } else {
                        idle = 0;
                    }
                }
                return total;
            }
        }
    }

    /** Reads the stream {@code n} buffers at a time when asked, checking every byte's position. */
    private static final class SlowReader extends BaseSubscriber<ByteBuf> {
        final AtomicLong consumed = new AtomicLong();
        final AtomicLong items = new AtomicLong();
        final Sinks.Empty<Void> done = Sinks.empty();
        volatile long firstWrong = -1;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // nothing until the test asks
        }

        @Override
        protected void hookOnNext(ByteBuf buf) {
            long at = consumed.get();
            for (byte b : ByteBufUtil.getBytes(buf)) { // one bulk read, see chunk()
                if (firstWrong < 0 && (b & 0xff) != at % 251) {
                    firstWrong = at;
                }
                at++;
            }
            consumed.set(at);
            items.incrementAndGet();
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

    /** Chunks the source emitted whose write has not completed yet (Netty releases a buffer once it is written). */
    private static final class Unwritten {
        private final Queue<ByteBuf> emitted = new ConcurrentLinkedQueue<>();

        void add(ByteBuf chunk) {
            emitted.add(chunk);
        }

        /** Writes complete in order, so released chunks leave from the head. */
        int count() {
            for (ByteBuf head; (head = emitted.peek()) != null && head.refCnt() == 0; ) {
                emitted.poll();
            }
            return emitted.size();
        }
    }

    @Test
    void aLargePublisherToASlowReaderIsBackpressuredAndArrivesWhole() throws Exception {
        long kernel = kernelBuffering();
        long bound = 2 * kernel + (long) WINDOW * CHUNK;
        assertThat(bound).as("the bound must be meaningful for this stream").isLessThan(TOTAL / 2);

        try (LoopbackServer server =
                LoopbackServer.start(LineServer.create().tlsMode(TlsMode.NONE).readAhead(false))) {
            LineConnection c = server.connect();
            DefaultLineConnection peer = (DefaultLineConnection) server.next(WAIT);

            AtomicLong requested = new AtomicLong();
            Unwritten unwritten = new Unwritten();
            AtomicLong emitted = new AtomicLong();
            CompletableFuture<Void> sent = c.send(Flux.range(0, CHUNKS)
                            .doOnRequest(requested::addAndGet)
                            .map(SendTest::chunk)
                            .doOnNext(unwritten::add)
                            .doOnNext(b -> emitted.incrementAndGet()))
                    .toFuture();

            SlowReader reader = new SlowReader();
            peer.bytes(TOTAL).subscribe(reader);

            // The reader takes nothing: the source stops once the socket buffers and the writer's window are full.
            awaitAtLeast(emitted::get, WINDOW);
            settle(emitted::get, peer::bytesReceived);
            int held = unwritten.count();
            report("stalled", kernel, emitted.get(), requested.get(), held, peer.bytesReceived(), 0);
            assertThat(sent).isNotDone();
            // what the source was asked for, beyond what the peer took from its socket: socket buffers + the window
            assertThat(requested.get() * CHUNK - peer.bytesReceived()).isLessThanOrEqualTo(bound);
            // what the client holds in memory: at most the writer's window of unwritten chunks
            assertThat(held).isLessThanOrEqualTo(WINDOW);

            // It reads a little at a time; at each step the client still holds at most the window.
            for (int step = 1; step <= 4; step++) {
                reader.request(16);
                // exactly 16 buffers are read (the socket buffers hold megabytes); then let the writer catch up
                awaitAtLeast(reader.items::get, 16L * step);
                settle(emitted::get, peer::bytesReceived, reader.consumed::get);
                held = unwritten.count();
                report(
                        "step " + step,
                        kernel,
                        emitted.get(),
                        requested.get(),
                        held,
                        peer.bytesReceived(),
                        reader.consumed.get());
                assertThat(reader.items.get()).isEqualTo(16L * step);
                assertThat(held).isLessThanOrEqualTo(WINDOW);
                assertThat(requested.get()).isLessThan(CHUNKS);
                // and the reader's side reads only what it is asked for (one socket read at most beyond it)
                assertThat(peer.bytesReceived() - reader.consumed.get()).isLessThanOrEqualTo(64 * 1024);
            }

            // Then it reads the rest: everything arrives, in order, and the send completes.
            reader.requestUnbounded();
            sent.get(60, TimeUnit.SECONDS);
            reader.done.asMono().block(Duration.ofSeconds(60));
            assertThat(reader.firstWrong).as("position of the first wrong byte").isEqualTo(-1);
            assertThat(reader.consumed.get()).isEqualTo(TOTAL);
            assertThat(emitted.get()).isEqualTo(CHUNKS);
            assertThat(unwritten.count()).as("chunks not released").isZero();
        }
    }

    private static void report(
            String phase, long kernel, long emitted, long requested, int held, long received, long consumed) {
        System.out.printf(
                "send backpressure, %s: source emitted %,d of %,d bytes (requested %,d chunks, %d emitted chunks not "
                        + "yet written), peer read %,d bytes from its socket and consumed %,d; loopback kernel "
                        + "buffering %,d%n",
                phase, emitted * CHUNK, TOTAL, requested, held, received, consumed, kernel);
    }

    /** Waits (bounded) until {@code probe} reaches at least {@code value}. */
    private static void awaitAtLeast(LongSupplier probe, long value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (probe.getAsLong() < value && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(probe.getAsLong()).isGreaterThanOrEqualTo(value);
    }

    /** Waits until every probe has kept its value for 300 ms, or at most 10 s (the caller asserts the bounds). */
    private static void settle(LongSupplier... probes) throws InterruptedException {
        BackpressureTest.settle(probes);
    }
}
