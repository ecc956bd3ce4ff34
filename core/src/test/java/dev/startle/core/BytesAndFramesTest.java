package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.internal.DefaultLineConnection;
import dev.startle.core.testing.LoopbackServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

/**
 * Mixing lines and counted bytes (IMAP literals), switching framing, and the rules of {@code lines()} subscriptions:
 * one at a time, each continuing where the previous stopped, completing at the peer's close.
 */
class BytesAndFramesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}$");

    /** Three FETCH responses with literals (one holding CRLFs, one empty), then the tagged completion. */
    private static final String FETCH = "* 1 FETCH (BODY[] {11}\r\nhello world)\r\n"
            + "* 2 FETCH (BODY[] {7}\r\na\r\nb\r\nc)\r\n"
            + "* 3 FETCH (BODY[] {0}\r\n)\r\n"
            + "A1 OK FETCH completed\r\n";

    private static final List<String> FETCH_PARSED = List.of(
            "* 1 FETCH (BODY[] {11} <hello world>",
            ")",
            "* 2 FETCH (BODY[] {7} <a\r\nb\r\nc>",
            ")",
            "* 3 FETCH (BODY[] {0} <>",
            ")",
            "A1 OK FETCH completed");

    private static void sendRaw(LineConnection peer, String text) {
        peer.send(Flux.just(text.getBytes(StandardCharsets.UTF_8))).block(WAIT);
    }

    /** Exactly {@code n} bytes as text, copied out of the buffers before they are released. */
    private static Mono<String> literal(LineConnection c, long n) {
        return c.bytes(n).map(ByteBufUtil::getBytes).collectList().map(BytesAndFramesTest::join);
    }

    private static String join(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void await(IntSupplier probe, int value) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (probe.getAsInt() < value && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(probe.getAsInt()).isEqualTo(value);
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void literalsAreReadWithBytesFromWithinOnNextOfALongLivedLinesSubscription(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            sendRaw(server.next(WAIT), FETCH);

            Flux<String> parsed = c.lines()
                    .concatMap(
                            line -> {
                                Matcher m = LITERAL.matcher(line.text());
                                return m.find()
                                        ? literal(c, Long.parseLong(m.group(1)))
                                                .map(bytes -> line.text() + " <" + bytes + ">")
                                        : Mono.just(line.text());
                            },
                            0)
                    .takeUntil(s -> s.startsWith("A1 "));
            StepVerifier.create(parsed)
                    .expectNextSequence(FETCH_PARSED)
                    .expectComplete()
                    .verify(WAIT);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void literalsAreReadFromAHandWrittenSubscriberRequestingOneLineAtATime(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            sendRaw(server.next(WAIT), FETCH);

            List<String> parsed = new CopyOnWriteArrayList<>();
            Sinks.Empty<Void> done = Sinks.empty();
            c.lines().subscribe(new BaseSubscriber<Line>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    request(1);
                }

                @Override
                protected void hookOnNext(Line line) {
                    Matcher m = LITERAL.matcher(line.text());
                    if (!m.find()) {
                        parsed.add(line.text());
                        if (line.text().startsWith("A1 ")) {
                            cancel();
                            done.tryEmitEmpty();
                        } else {
                            request(1);
                        }
                        return;
                    }
                    // subscribed synchronously, inside onNext: lines pause until the literal is read
                    ByteArrayOutputStream literal = new ByteArrayOutputStream();
                    c.bytes(Long.parseLong(m.group(1)))
                            .subscribe(buf -> literal.writeBytes(ByteBufUtil.getBytes(buf)), done::tryEmitError, () -> {
                                parsed.add(line.text() + " <" + literal.toString(StandardCharsets.UTF_8) + ">");
                                request(1);
                            });
                }

                @Override
                protected void hookOnError(Throwable throwable) {
                    done.tryEmitError(throwable);
                }
            });
            done.asMono().block(WAIT);
            assertThat(parsed).containsExactlyElementsOf(FETCH_PARSED);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void linesNextThenBytesThenLinesNextStayInStep(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            sendRaw(server.next(WAIT), FETCH);

            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("* 1 FETCH (BODY[] {11}");
            assertThat(literal(c, 11).block(WAIT)).isEqualTo("hello world");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo(")");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("* 2 FETCH (BODY[] {7}");
            assertThat(literal(c, 7).block(WAIT)).isEqualTo("a\r\nb\r\nc");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo(")");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("* 3 FETCH (BODY[] {0}");
            StepVerifier.create(c.bytes(0)).expectComplete().verify(WAIT);
            assertThat(c.lines().take(2).map(Line::text).collectList().block(WAIT))
                    .containsExactly(")", "A1 OK FETCH completed");
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void bytesSplitAcrossTcpWritesArriveAsTheyCome(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            sendRaw(peer, "* 1 FETCH (BODY[] {11}\r\nhel");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("* 1 FETCH (BODY[] {11}");

            // each part is sent only after the client has seen the previous one
            StepVerifier.create(c.bytes(11).map(BytesAndFramesTest::text))
                    .expectNext("hel")
                    .then(() -> sendRaw(peer, "lo wor"))
                    .expectNext("lo wor")
                    .then(() -> sendRaw(peer, "ld)\r\nA1 OK\r\n"))
                    .expectNext("ld")
                    .expectComplete()
                    .verify(WAIT);
            assertThat(c.lines().take(2).map(Line::text).collectList().block(WAIT))
                    .containsExactly(")", "A1 OK");
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void cancellingBytesSkipsTheRestOfTheCountWhetherBufferedOrNotYetArrived(boolean readAhead) {
        int size = 200_000; // several chunks: part of it is buffered at the cancel, part still on the way
        StringBuilder body = new StringBuilder(size);
        for (int i = 0; body.length() < size; i++) {
            body.append((char) ('a' + i % 26));
        }
        try (LoopbackServer server = LoopbackServer.plain()) {
            DefaultLineConnection c = (DefaultLineConnection) server.connect(cl -> cl.readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            String head = "* 1 FETCH (BODY[] {" + size + "}\r\n";
            String tail = ")\r\nA1 OK\r\n";
            sendRaw(peer, head + body + tail);

            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("* 1 FETCH (BODY[] {" + size + "}");
            String first = c.bytes(size).map(BytesAndFramesTest::text).next().block(WAIT);
            assertThat(first).isNotEmpty().hasSizeLessThan(size);
            assertThat(body.toString()).startsWith(first);

            assertThat(c.lines().next().block(WAIT).text()).isEqualTo(")");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("A1 OK");
            assertThat(c.bytesReceived()).isEqualTo(head.length() + size + tail.length());
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void cancellingBytesBeforeTheRestIsSentSkipsItWhenItArrives(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            sendRaw(peer, "* 1 FETCH (BODY[] {20}\r\n0123456789");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("* 1 FETCH (BODY[] {20}");
            assertThat(c.bytes(20).map(BytesAndFramesTest::text).next().block(WAIT))
                    .isEqualTo("0123456789");

            // the other ten bytes of the literal only now arrive, with the next lines
            sendRaw(peer, "abcdefghij)\r\nA1 OK\r\n");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo(")");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("A1 OK");
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void bytesFailWithConnectionClosedWhenThePeerClosesEarly(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            sendRaw(peer, "* 1 FETCH (BODY[] {100}\r\nonly this");
            peer.close().block(WAIT);

            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("* 1 FETCH (BODY[] {100}");
            List<String> received = new ArrayList<>();
            StepVerifier.create(c.bytes(100).map(BytesAndFramesTest::text))
                    .recordWith(() -> received)
                    .thenConsumeWhile(s -> true)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(ConnectionClosedException.class)
                            .hasMessageContaining("91 announced bytes unread"))
                    .verify(WAIT);
            assertThat(String.join("", received)).isEqualTo("only this");
            c.onClose().block(WAIT);
        }
    }

    /** NUL-terminated frames, e.g. a binary sub-protocol a line protocol switches to. */
    private static final class NulFraming implements Framing<String> {
        @Override
        public Decoder<String> newDecoder(Context context) {
            return in -> {
                int nul = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
                if (nul < 0) {
                    return null;
                }
                String frame = in.toString(in.readerIndex(), nul - in.readerIndex(), StandardCharsets.UTF_8);
                in.readerIndex(nul + 1);
                return frame;
            };
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void framesSwitchesTheFramingMidConnectionKeepingBytesAlreadyReceived(boolean readAhead)
            throws InterruptedException {
        try (LoopbackServer server = LoopbackServer.plain()) {
            DefaultLineConnection c = (DefaultLineConnection) server.connect(cl -> cl.readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            String script = "HELLO\r\nSWITCH\r\nalpha\0beta\0gamma\0BACK\r\n";
            sendRaw(peer, script);

            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("HELLO");
            // everything, the NUL frames included, has been read while the framing was still lines
            await(() -> (int) c.bytesReceived(), script.length());
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("SWITCH");

            NulFraming nul = new NulFraming();
            assertThat(c.frames(nul).take(3).collectList().block(WAIT)).containsExactly("alpha", "beta", "gamma");
            // lines() refuses while another framing is active ...
            StepVerifier.create(c.lines())
                    .expectError(IllegalStateException.class)
                    .verify(WAIT);
            // ... and frames(lines) switches back, again keeping what is buffered
            StepVerifier.create(c.frames(LineFraming.strict()).next())
                    .expectNext(Line.of("BACK", false))
                    .expectComplete()
                    .verify(WAIT);
            sendRaw(peer, "AGAIN\r\n");
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("AGAIN");
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aSecondConcurrentLinesSubscriberGetsIllegalStateException() throws InterruptedException {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect();
            LineConnection peer = server.next(WAIT);

            TestSubscriber<Line> first =
                    TestSubscriber.<Line>builder().initialRequest(0).build();
            c.lines().subscribe(first);
            StepVerifier.create(c.lines())
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("already has a subscriber"))
                    .verify(WAIT);
            StepVerifier.create(c.frames(new NulFraming()))
                    .expectError(IllegalStateException.class)
                    .verify(WAIT);

            // the first subscriber is unaffected and keeps its place
            peer.send("one", "two").block(WAIT);
            first.request(1);
            await(() -> first.getReceivedOnNext().size(), 1);
            assertThat(first.getReceivedOnNext()).containsExactly(Line.of("one", false));
            assertThat(first.isTerminatedOrCancelled()).isFalse();
            first.cancel();
            // once it cancelled, the next subscriber continues after it
            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("two");
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void sequentialSubscriptionsContinueExactlyWhereThePreviousStopped(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            String[] sent = new String[60];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = "line " + i;
            }
            server.next(WAIT).send(sent).block(WAIT); // one flush: all of them arrive together

            List<String> received = new ArrayList<>();
            while (received.size() < sent.length) {
                if (received.size() % 10 == 9 && sent.length - received.size() >= 3) {
                    received.addAll(
                            c.lines().take(3).map(Line::text).collectList().block(WAIT));
                } else {
                    received.add(c.lines().next().block(WAIT).text());
                }
            }
            assertThat(received).containsExactly(sent);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void linesCompleteWhenThePeerClosesAfterItsLastLine(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            StepVerifier.create(c.lines().map(Line::text))
                    .then(() ->
                            peer.send("a", "b", "221 bye").then(peer.close()).block(WAIT))
                    .expectNext("a", "b", "221 bye")
                    .expectComplete()
                    .verify(WAIT);
            c.onClose().block(WAIT);
            // a later subscriber completes at once
            StepVerifier.create(c.lines()).expectComplete().verify(WAIT);
        }
    }

    @Test
    void linesSentJustBeforeTheCloseAreDeliveredWhenRequestedAfterIt() {
        // With read-ahead (the default) the client reads the lines and the close before anyone asks; without it the
        // close is only noticed when a line is wanted, which is the previous test.
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect();
            LineConnection peer = server.next(WAIT);
            peer.send("a", "b", "221 bye").then(peer.close()).block(WAIT);
            c.onClose().block(WAIT);
            assertThat(c.isOpen()).isFalse();

            assertThat(c.lines().next().block(WAIT).text()).isEqualTo("a");
            StepVerifier.create(c.lines().map(Line::text))
                    .expectNext("b", "221 bye")
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void linesFailWithConnectionClosedWhenThePeerClosesInTheMiddleOfALine(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            sendRaw(peer, "complete\r\nparti");
            peer.close().block(WAIT);
            StepVerifier.create(c.lines().map(Line::text))
                    .expectNext("complete")
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(ConnectionClosedException.class)
                            .hasMessageContaining("5 bytes unterminated"))
                    .verify(WAIT);
        }
    }
}
