package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsHandshakeException.Failure;
import dev.startle.core.testing.EchoStartTlsHandler;
import dev.startle.core.testing.RawSocket;
import dev.startle.core.testing.ScriptedPeer;
import dev.startle.core.testing.TestPki;
import dev.startle.core.testing.TlsWarmup;
import io.netty.handler.ssl.OpenSsl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * Handshake failures are typed ({@link TlsHandshakeException#failure()}) and prompt, with both TLS providers and
 * read-ahead on and off: the upgrade fails well within a few seconds, a {@code lines()} subscriber waiting across the
 * upgrade and any later one get the same error (never a hang), the connection is closed, and a server's handler sees
 * its side of the failure typed as well.
 */
class TlsHandshakeFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Every failure must be reported within this (handshake timeout included). */
    private static final Duration PROMPT = Duration.ofSeconds(3);

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);

    @BeforeAll
    static void warmUp() {
        TlsWarmup.ensure();
    }

    /** Errors Reactor had to drop: an error signalled twice, or after a cancel, is a bug (and an ERROR log line). */
    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordDroppedErrors() {
        Hooks.onErrorDropped(dropped::add);
    }

    @AfterEach
    void noErrorWasDropped() {
        Hooks.resetOnErrorDropped();
        assertThat(dropped).as("errors dropped by Reactor").isEmpty();
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

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void untrustedCertificate(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        TestPki pki = TestPki.get();
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer bound = server(pki.serverTls(provider), readAhead).bindNow(handler);
        try {
            LineConnection c = client(bound.port(), pki.untrustingClientTls(provider), readAhead)
                    .connectNow(WAIT);
            startTls(c, "220 ready");

            TlsHandshakeException e = expectUpgradeFailure(c, c.upgradeToTls(), Failure.UNTRUSTED_CERTIFICATE);
            assertThat(e).hasMessageContaining("not trusted");

            // The server learns it from the client's alert, and its handler ends with it, typed too.
            assertServerToldOfRejection(handler, provider);
            assertThat(handler.received).extracting(Line::text).containsExactly("STARTTLS");
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void hostnameMismatch(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        TestPki pki = TestPki.get();
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer bound =
                server(pki.wrongHostServerTls(provider), readAhead).bindNow(handler);
        try {
            // Trusted CA, but the certificate is for mail.example.org and the client wants localhost.
            LineConnection c =
                    client(bound.port(), pki.clientTls(provider), readAhead).connectNow(WAIT);
            startTls(c, "220 ready");

            TlsHandshakeException e = expectUpgradeFailure(c, c.upgradeToTls(), Failure.HOSTNAME_MISMATCH);
            assertThat(e).hasMessageContaining("does not match");

            assertServerToldOfRejection(handler, provider);
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void peerClosesMidHandshake(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        try (ScriptedPeer peer = ScriptedPeer.start(p -> {
            goAhead(p);
            p.readTlsRecord(); // the whole ClientHello, so that closing sends a FIN, not a reset
        })) {
            LineConnection c = client(peer.port(), TestPki.get().clientTls(provider), readAhead)
                    .connectNow(WAIT);
            startTls(c, "220 hi");
            expectUpgradeFailure(c, c.upgradeToTls(), Failure.PEER_CLOSED);
            peer.await(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void peerResetsMidHandshake(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        try (ScriptedPeer peer = ScriptedPeer.start(p -> {
            goAhead(p);
            assertThat(p.readByte()).as("first byte of the ClientHello").isEqualTo(0x16);
            p.resetOnClose();
        })) {
            LineConnection c = client(peer.port(), TestPki.get().clientTls(provider), readAhead)
                    .connectNow(WAIT);
            startTls(c, "220 hi");
            expectUpgradeFailure(c, c.upgradeToTls(), Failure.PEER_CLOSED);
            peer.await(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void silentPeerTimesOut(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        try (ScriptedPeer peer = ScriptedPeer.start(p -> {
            goAhead(p);
            p.readToEof(); // reads the ClientHello, never answers, until the client gives up and closes
        })) {
            TlsSettings tls = TestPki.get().clientTls(provider).withHandshakeTimeout(HANDSHAKE_TIMEOUT);
            LineConnection c = client(peer.port(), tls, readAhead).connectNow(WAIT);
            startTls(c, "220 hi");

            long start = System.nanoTime();
            TlsHandshakeException e = expectUpgradeFailure(c, c.upgradeToTls(), Failure.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
            assertThat(e).hasMessageContaining("timed out");
            peer.await(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void serverTimesOutWhenTheClientStallsAfterTheGoAhead(TlsProvider provider, boolean readAhead) throws Exception {
        assumeProvider(provider);
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        TlsSettings tls = TestPki.get().serverTls(provider).withHandshakeTimeout(HANDSHAKE_TIMEOUT);
        DisposableServer bound = server(tls, readAhead).bindNow(handler);
        try (RawSocket client = RawSocket.connect(bound.port())) {
            assertThat(client.readLine()).isEqualTo("220 ready");
            client.write("STARTTLS\r\n");
            // The server's clock started just before it wrote the go-ahead: allow for the delivery.
            assertThat(client.readLine()).isEqualTo("220 go ahead");
            long start = System.nanoTime();

            Throwable serverSide = handler.outcomes.asFlux().next().block(PROMPT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertFailure(serverSide, Failure.TIMEOUT);
            client.readToEof(); // and the server closed the connection
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void serverReportsAClientThatClosesAfterTheGoAhead(TlsProvider provider, boolean readAhead) throws Exception {
        assumeProvider(provider);
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer bound =
                server(TestPki.get().serverTls(provider), readAhead).bindNow(handler);
        try {
            try (RawSocket client = RawSocket.connect(bound.port())) {
                assertThat(client.readLine()).isEqualTo("220 ready");
                client.write("STARTTLS\r\n");
                assertThat(client.readLine()).isEqualTo("220 go ahead");
            } // and gone, before sending a ClientHello

            Throwable serverSide = handler.outcomes.asFlux().next().block(PROMPT);
            assertFailure(serverSide, Failure.PEER_CLOSED);
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void implicitClientAgainstPlaintextServer(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        DisposableServer bound = LineServer.create()
                .tlsMode(TlsMode.NONE)
                .readAhead(readAhead)
                .bindNow(c -> c.send("220 plain").thenMany(c.lines()).then());
        try {
            LineClient client = client(bound.port(), TestPki.get().clientTls(provider), readAhead)
                    .tlsMode(TlsMode.IMPLICIT);
            StepVerifier.create(client.connect())
                    .expectErrorSatisfies(e -> {
                        assertFailure(e, Failure.PLAINTEXT_PEER);
                        assertThat(e)
                                .hasMessageContaining("220 plain")
                                .hasMessageContaining("TlsMode.STARTTLS_REQUIRED");
                    })
                    .verify(PROMPT);
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    // ---- helpers

    /**
     * The server side of a client that rejected the server's certificate. A JDK client says so with a
     * {@code certificate_unknown} alert; an OpenSSL client (netty-tcnative) sends {@code internal_error} whenever its
     * Java trust manager throws, so that server can only tell that the peer aborted with a fatal alert.
     */
    private static void assertServerToldOfRejection(EchoStartTlsHandler handler, TlsProvider clientProvider) {
        Throwable serverSide = handler.outcomes.asFlux().next().block(WAIT);
        if (clientProvider == TlsProvider.JDK) {
            assertFailure(serverSide, Failure.UNTRUSTED_CERTIFICATE);
            assertThat(serverSide).hasMessageContaining("rejected the certificate presented to it");
        } else {
            assertFailure(serverSide, Failure.NEGOTIATION);
            assertThat(serverSide).hasMessageContaining("ALERT_INTERNAL_ERROR");
        }
    }

    /**
     * Runs a failing upgrade with a lines() subscriber waiting across it, and checks: the upgrade fails promptly with
     * {@code expected}; the waiting subscriber and a later one get the same typed error; the connection is closed.
     */
    private static TlsHandshakeException expectUpgradeFailure(
            LineConnection c, Mono<LineConnection> upgrade, Failure expected) {
        StepVerifier waiting = StepVerifier.create(c.lines())
                .expectErrorSatisfies(e -> assertFailure(e, expected))
                .verifyLater();
        TlsHandshakeException[] failure = new TlsHandshakeException[1];
        StepVerifier.create(upgrade)
                .expectErrorSatisfies(e -> {
                    assertFailure(e, expected);
                    failure[0] = (TlsHandshakeException) e;
                })
                .verify(PROMPT);
        waiting.verify(WAIT);
        StepVerifier.create(c.lines())
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure[0]))
                .verify(WAIT);
        c.onClose().block(WAIT);
        assertThat(c.isOpen()).isFalse();
        assertThat(c.isSecure()).isFalse();
        assertThat(c.tls()).isEmpty();
        return failure[0];
    }

    private static void assertFailure(Throwable e, Failure expected) {
        assertThat(e).isInstanceOf(TlsHandshakeException.class);
        assertThat(((TlsHandshakeException) e).failure()).as("failure of %s", e).isEqualTo(expected);
    }

    /** The peer's side of a STARTTLS exchange up to the go-ahead, after which the client starts its handshake. */
    private static void goAhead(RawSocket p) throws Exception {
        p.write("220 hi\r\n");
        assertThat(p.readLine()).isEqualTo("STARTTLS");
        p.write("220 go ahead\r\n");
    }

    private static void startTls(LineConnection c, String greeting) {
        assertThat(c.lines().next().map(Line::text).block(WAIT)).isEqualTo(greeting);
        c.send("STARTTLS").block(WAIT);
        assertThat(c.lines().next().map(Line::text).block(WAIT)).isEqualTo("220 go ahead");
    }

    private static LineServer server(TlsSettings tls, boolean readAhead) {
        return LineServer.create().tls(tls).readAhead(readAhead);
    }

    private static LineClient client(int port, TlsSettings tls, boolean readAhead) {
        return LineClient.create()
                .host("127.0.0.1")
                .port(port)
                .tls(tls.withServerName("localhost"))
                .readAhead(readAhead);
    }

    private static void assumeProvider(TlsProvider provider) {
        Assumptions.assumeTrue(provider != TlsProvider.OPENSSL || OpenSsl.isAvailable(), "netty-tcnative unavailable");
    }
}
