package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsHandshakeException.Failure;
import dev.startle.core.testing.EchoStartTlsHandler;
import dev.startle.core.testing.ScriptedPeer;
import dev.startle.core.testing.TestPki;
import dev.startle.core.testing.TlsWarmup;
import io.netty.handler.ssl.OpenSsl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * A {@link TlsMode} that does not match the port is diagnosed promptly, with a message that names the mode to use:
 * TLS records where a plaintext greeting was expected, silence from an implicit-TLS port, a ClientHello arriving on a
 * plaintext/STARTTLS port.
 */
class TlsModeMismatchTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration PROMPT = Duration.ofSeconds(3);

    /** A TLS 1.2 alert record (fatal, handshake_failure): what an implicit-TLS server may send first. */
    private static final byte[] TLS_RECORD = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    /** The start of a TLS handshake record (a ServerHello header and the first body bytes). */
    private static final byte[] TLS_HANDSHAKE_RECORD = {0x16, 0x03, 0x01, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00};

    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void warmUp() {
        TlsWarmup.ensure();
    }

    @BeforeEach
    void recordDroppedErrors() {
        Hooks.onErrorDropped(dropped::add);
    }

    @AfterEach
    void noErrorWasDropped() {
        Hooks.resetOnErrorDropped();
        assertThat(dropped).as("errors dropped by Reactor").isEmpty();
    }

    static Stream<Arguments> recordsAndReadAhead() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String record : new String[] {"handshake", "alert"}) {
            for (boolean readAhead : new boolean[] {true, false}) {
                b.add(Arguments.of(record, readAhead));
            }
        }
        return b.build();
    }

    static Stream<Arguments> providersAndReadAhead() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (TlsProvider provider : new TlsProvider[] {TlsProvider.JDK, TlsProvider.OPENSSL}) {
            for (boolean readAhead : new boolean[] {true, false}) {
                b.add(Arguments.of(provider, readAhead));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} record, read-ahead {1}")
    @MethodSource("recordsAndReadAhead")
    void startTlsClientSeeingTlsRecordsIsToldToUseImplicitTls(String record, boolean readAhead) {
        byte[] bytes = record.equals("handshake") ? TLS_HANDSHAKE_RECORD : TLS_RECORD;
        try (ScriptedPeer peer = ScriptedPeer.start(p -> {
            p.write(bytes);
            p.readToEof(); // until the client gives up
        })) {
            LineConnection c = client(peer.port(), TlsProvider.JDK, readAhead).connectNow(WAIT);

            StepVerifier.create(c.lines().next())
                    .expectErrorSatisfies(e -> {
                        assertThat(e)
                                .isInstanceOf(TlsModeMismatchException.class)
                                .hasMessageContaining("use TlsMode.IMPLICIT");
                        assertThat(((TlsModeMismatchException) e).suggestedMode())
                                .isEqualTo(TlsMode.IMPLICIT);
                    })
                    .verify(PROMPT);
            // The TLS bytes are never taken as a line; the connection is closed.
            StepVerifier.create(c.lines())
                    .expectError(TlsModeMismatchException.class)
                    .verify(WAIT);
            c.onClose().block(WAIT);
            assertThat(c.isOpen()).isFalse();
            peer.await(WAIT);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void startTlsClientFacingASilentImplicitTlsServerTimesOutWithAHint(boolean readAhead) {
        AtomicInteger handlerCalls = new AtomicInteger();
        DisposableServer bound = LineServer.create()
                .tlsMode(TlsMode.IMPLICIT)
                .tls(TestPki.get().serverTls(TlsProvider.JDK))
                .bindNow(c -> {
                    handlerCalls.incrementAndGet();
                    return c.send("220 over tls");
                });
        try {
            LineConnection c = client(bound.port(), TlsProvider.JDK, readAhead)
                    .readTimeout(Duration.ofMillis(500))
                    .connectNow(WAIT);

            long start = System.nanoTime();
            StepVerifier.create(c.lines().next())
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(ReadTimeoutException.class)
                            .hasMessageContaining("nothing at all was received")
                            .hasMessageContaining("TlsMode.IMPLICIT"))
                    .verify(PROMPT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
            c.onClose().block(WAIT);
            // The server waited for a ClientHello that never came: its handler never ran.
            assertThat(handlerCalls).hasValue(0);
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void implicitClientOnAStartTlsPortThatGreetsFirst(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer bound = LineServer.create()
                .tls(TestPki.get().serverTls(provider))
                .readAhead(readAhead)
                .bindNow(handler);
        try {
            // The server's plaintext greeting reaches the client's handshake first: a plaintext port, use STARTTLS.
            StepVerifier.create(client(bound.port(), provider, readAhead)
                            .tlsMode(TlsMode.IMPLICIT)
                            .connect())
                    .expectErrorSatisfies(e -> {
                        assertHandshakeFailure(e, Failure.PLAINTEXT_PEER);
                        assertThat(e).hasMessageContaining("220 ready").hasMessageContaining("STARTTLS");
                    })
                    .verify(PROMPT);

            // The server sees the ClientHello where a command was expected.
            Throwable serverSide = handler.outcomes.asFlux().next().block(WAIT);
            assertThat(serverSide)
                    .isInstanceOf(TlsModeMismatchException.class)
                    .hasMessageContaining("started a TLS handshake on a plaintext/STARTTLS port");
            assertThat(((TlsModeMismatchException) serverSide).suggestedMode()).isEqualTo(TlsMode.IMPLICIT);
            assertThat(handler.received).isEmpty();
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void implicitClientOnAStartTlsPortThatWaitsForTheClient(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        List<Throwable> serverErrors = new CopyOnWriteArrayList<>();
        DisposableServer bound = LineServer.create()
                .tls(TestPki.get().serverTls(provider))
                .readAhead(readAhead)
                .bindNow(c -> c.lines().next().then().doOnError(serverErrors::add));
        try {
            // A server that waits for the client (as XMPP's does): it reads the ClientHello, refuses it and closes.
            StepVerifier.create(client(bound.port(), provider, readAhead)
                            .tlsMode(TlsMode.IMPLICIT)
                            .connect())
                    .expectErrorSatisfies(e -> assertHandshakeFailure(e, Failure.PEER_CLOSED))
                    .verify(PROMPT);
            Mono.fromSupplier(() -> serverErrors.isEmpty() ? null : serverErrors.get(0))
                    .repeatWhenEmpty(30, f -> f.delayElements(Duration.ofMillis(50)))
                    .as(StepVerifier::create)
                    .assertNext(e -> {
                        assertThat(e).isInstanceOf(TlsModeMismatchException.class);
                        assertThat(((TlsModeMismatchException) e).suggestedMode())
                                .isEqualTo(TlsMode.IMPLICIT);
                    })
                    .verifyComplete();
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    // ---- helpers

    private static void assertHandshakeFailure(Throwable e, Failure expected) {
        assertThat(e).isInstanceOf(TlsHandshakeException.class);
        assertThat(((TlsHandshakeException) e).failure())
                .as("failure of %s (cause %s)", e, e.getCause())
                .isEqualTo(expected);
    }

    private static LineClient client(int port, TlsProvider provider, boolean readAhead) {
        return LineClient.create()
                .host("127.0.0.1")
                .port(port)
                .tls(TestPki.get().clientTls(provider).withServerName("localhost"))
                .readAhead(readAhead);
    }

    private static void assumeProvider(TlsProvider provider) {
        Assumptions.assumeTrue(provider != TlsProvider.OPENSSL || OpenSsl.isAvailable(), "netty-tcnative unavailable");
    }
}
