package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.internal.DefaultLineConnection;
import dev.startle.core.testing.LoopbackServer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** The bounds of invariant 5 over loopback: line length, read timeout, idle timeout, connection count. */
class LimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void anOverlongLineFailsTheClientWithoutReadingIt(boolean readAhead) {
        byte[] megabyte = new byte[1 << 20];
        Arrays.fill(megabyte, (byte) 'x');
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.maxLineLength(1000).readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            peer.send(Flux.just(megabyte)).onErrorResume(e -> Mono.empty()).subscribe();

            StepVerifier.create(c.lines())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(LineTooLongException.class);
                        assertThat(((LineTooLongException) e).maxLength()).isEqualTo(1000);
                        assertThat(((LineTooLongException) e).start()).startsWith("xxxxxxxx");
                    })
                    .verify(WAIT);
            c.onClose().block(WAIT);
            assertThat(c.isOpen()).isFalse();
            peer.onClose().block(WAIT);
            // It failed on the first bytes past the limit, not after buffering the megabyte.
            long read = ((DefaultLineConnection) c).bytesReceived();
            System.out.printf("overlong line, read-ahead %s: client read %,d of %,d bytes%n", readAhead, read, 1 << 20);
            assertThat(read).isGreaterThan(1000).isLessThan(megabyte.length / 2);
            // a later subscriber sees the same failure
            StepVerifier.create(c.lines())
                    .expectError(LineTooLongException.class)
                    .verify(WAIT);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void readTimeoutFiresWhenThePeerIsSilentWhileALineIsWanted(boolean readAhead) {
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c =
                    server.connect(cl -> cl.readTimeout(Duration.ofMillis(200)).readAhead(readAhead));
            LineConnection peer = server.next(WAIT);
            peer.send("220 hello").block(WAIT);
            StepVerifier.create(c.lines().next())
                    .expectNext(Line.of("220 hello", false))
                    .verifyComplete();

            // the peer now says nothing, and a line is wanted
            StepVerifier.create(c.lines())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(ReadTimeoutException.class);
                        assertThat(((ReadTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(200));
                    })
                    .verify(WAIT);
            c.onClose().block(WAIT);
            assertThat(c.isOpen()).isFalse();
            peer.onClose().block(WAIT);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void readTimeoutDoesNotFireWhileNoLineIsWanted(boolean readAhead) throws InterruptedException {
        Duration timeout = Duration.ofMillis(150);
        Duration quiet = timeout.multipliedBy(5);
        try (LoopbackServer server = LoopbackServer.plain()) {
            LineConnection c = server.connect(cl -> cl.readTimeout(timeout).readAhead(readAhead));
            LineConnection peer = server.next(WAIT);

            // no subscriber at all
            Thread.sleep(quiet.toMillis());
            assertThat(c.isOpen()).isTrue();

            // a subscriber with no demand, then demand once the peer has something to say; then quiet again with the
            // same subscriber and no outstanding demand
            StepVerifier.create(c.lines(), 0)
                    .thenAwait(quiet)
                    .then(() -> assertThat(c.isOpen()).isTrue())
                    .then(() -> peer.send("250 still here").block(WAIT))
                    .thenRequest(1)
                    .expectNext(Line.of("250 still here", false))
                    .thenAwait(quiet)
                    .then(() -> assertThat(c.isOpen()).isTrue())
                    .thenCancel()
                    .verify(WAIT);

            // and with bytes already waiting (a line sent but not asked for), still no timeout
            peer.send("250 unread").block(WAIT);
            Thread.sleep(quiet.toMillis());
            assertThat(c.isOpen()).isTrue();
            assertThat(c.lines().next().block(WAIT)).isEqualTo(Line.of("250 unread", false));
            c.close().block(WAIT);
        }
    }

    @Test
    void idleTimeoutClosesAnIdleServerConnection() {
        Sinks.One<Throwable> serverOutcome = Sinks.one();
        DisposableServer bound = LineServer.create()
                .tlsMode(TlsMode.NONE)
                .idleTimeout(Duration.ofMillis(300))
                .bindNow(sc -> sc.send("220 hello")
                        .thenMany(sc.lines())
                        .doOnError(serverOutcome::tryEmitValue)
                        .doOnComplete(() -> serverOutcome.tryEmitValue(new AssertionError("lines() completed")))
                        .then());
        try {
            LineConnection c = LineClient.create()
                    .host("127.0.0.1")
                    .port(bound.port())
                    .tlsMode(TlsMode.NONE)
                    .connectNow(WAIT);
            // the client reads the greeting, then neither side sends anything
            StepVerifier.create(c.lines())
                    .expectNext(Line.of("220 hello", false))
                    .expectComplete()
                    .verify(WAIT);
            c.onClose().block(WAIT);
            assertThat(c.isOpen()).isFalse();
            assertThat(serverOutcome.asMono().block(WAIT)).isInstanceOf(IdleTimeoutException.class);
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @Test
    void maxConnectionsTurnsAwayTheThirdAndServesAgainOnceOneCloses() {
        try (LoopbackServer server =
                LoopbackServer.start(LineServer.create().tlsMode(TlsMode.NONE).maxConnections(2, "421 too busy"))) {
            LineConnection first = server.connect();
            LineConnection firstPeer = server.next(WAIT);
            LineConnection second = server.connect();
            server.next(WAIT);
            assertThat(server.handled()).isEqualTo(2);

            LineConnection third = server.connect();
            StepVerifier.create(third.lines())
                    .expectNext(Line.of("421 too busy", false))
                    .expectComplete()
                    .verify(WAIT);
            third.onClose().block(WAIT);
            assertThat(server.handled()).as("the handler never saw the third").isEqualTo(2);

            // the two served connections are unaffected
            assertThat(first.isOpen()).isTrue();
            assertThat(second.isOpen()).isTrue();

            first.close().block(WAIT);
            server.awaitHandlerEnded(firstPeer, WAIT);

            LineConnection fourth = server.connect();
            LineConnection fourthPeer = server.next(WAIT);
            assertThat(server.handled()).isEqualTo(3);
            fourthPeer.send("220 welcome back").block(WAIT);
            assertThat(fourth.lines().next().block(WAIT)).isEqualTo(Line.of("220 welcome back", false));
            assertThat(fourth.isOpen()).isTrue();

            second.close().block(WAIT);
            fourth.close().block(WAIT);
        }
    }
}
