package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.testing.EchoStartTlsHandler;
import dev.startle.core.testing.RawSocket;
import dev.startle.core.testing.ScriptedPeer;
import dev.startle.core.testing.TestPki;
import io.netty.handler.ssl.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * Invariant 1, "no plaintext crosses the upgrade": plaintext injected after the STARTTLS command (server role) or after
 * the go-ahead reply (client role) is never delivered as a line; the upgrade fails with
 * {@link StartTlsInjectionException} and the connection is closed. Each attack is played by a raw socket peer, in the
 * same TCP segment as the command/reply and as a separate one (before the handshake and, after an asynchronous hop,
 * when the upgrade runs late), each with read-ahead on and off.
 */
class StartTlsInjectionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MAIL = "MAIL FROM:<evil@example.org>";

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

    // ---- server role: command injection

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void serverRejectsCommandInTheSameSegmentAsStartTls(boolean readAhead) throws Exception {
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer bound = server(TlsProvider.JDK, readAhead).bindNow(handler);
        try (RawSocket attacker = RawSocket.connect(bound.port())) {
            assertThat(attacker.readLine()).isEqualTo("220 ready");
            attacker.write("STARTTLS\r\n" + MAIL + "\r\n");

            Throwable outcome = handler.outcomes.asFlux().next().block(WAIT);
            assertThat(outcome)
                    .isInstanceOf(StartTlsInjectionException.class)
                    .hasMessageContaining("MAIL FROM")
                    .hasMessageContaining("command injection");
            assertThat(((StartTlsInjectionException) outcome).injectedBytes()).isEqualTo(MAIL.length() + 2);
            // Not even the go-ahead: the check runs before anything is written, then the server closes (FIN).
            assertThat(ascii(attacker.readToEof())).isEmpty();
            assertThat(handler.received).extracting(Line::text).containsExactly("STARTTLS");
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void serverRejectsCommandSentRightAfterStartTlsInItsOwnSegment(boolean readAhead) throws Exception {
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer bound = server(TlsProvider.JDK, readAhead).bindNow(handler);
        try (RawSocket attacker = RawSocket.connect(bound.port())) {
            assertThat(attacker.readLine()).isEqualTo("220 ready");
            attacker.write("STARTTLS\r\n");
            attacker.write(MAIL + "\r\n");

            // Depending on timing the extra line is caught waiting at the switch point or as the first "TLS" bytes.
            assertThat(handler.outcomes.asFlux().next().block(WAIT)).isInstanceOf(StartTlsInjectionException.class);
            assertThat(ascii(attacker.readToEof())).doesNotContain("250");
            assertThat(handler.received).extracting(Line::text).containsExactly("STARTTLS");
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "server {0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void serverRejectsPlaintextCommandAfterItsGoAhead(TlsProvider provider, boolean readAhead) throws Exception {
        assumeProvider(provider);
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer bound = server(provider, readAhead).bindNow(handler);
        try (RawSocket attacker = RawSocket.connect(bound.port())) {
            assertThat(attacker.readLine()).isEqualTo("220 ready");
            attacker.write("STARTTLS\r\n");
            assertThat(attacker.readLine()).isEqualTo("220 go ahead");
            // The server now waits for a ClientHello; plaintext instead must not be taken as a (protected) command.
            attacker.write(MAIL + "\r\n");

            Throwable outcome = handler.outcomes.asFlux().next().block(WAIT);
            assertThat(outcome)
                    .isInstanceOf(StartTlsInjectionException.class)
                    .hasMessageContaining("MAIL FROM")
                    .hasMessageContaining("command injection");
            assertThat(ascii(attacker.readToEof())).doesNotContain("250");
            assertThat(handler.received).extracting(Line::text).containsExactly("STARTTLS");
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void serverRejectsCommandThatArrivedWhileTheUpgradeWasDelayed(boolean readAhead) throws Exception {
        DelayedUpgradeHandler handler = new DelayedUpgradeHandler(Duration.ofMillis(200));
        DisposableServer bound = server(TlsProvider.JDK, readAhead).bindNow(handler);
        try (RawSocket attacker = RawSocket.connect(bound.port())) {
            assertThat(attacker.readLine()).isEqualTo("220 ready");
            attacker.write("STARTTLS\r\n");
            attacker.write(MAIL + "\r\n");

            // Read-ahead on: the line waits undecoded at the switch point. Off: it waits in the socket and reaches
            // the TLS guard as the first "handshake" bytes. Either way: refused.
            Throwable outcome = handler.outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(outcome).isInstanceOf(StartTlsInjectionException.class).hasMessageContaining("MAIL FROM");
            assertThat(ascii(attacker.readToEof())).doesNotContain("250");
            assertThat(handler.received).extracting(Line::text).containsExactly("STARTTLS");
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    // ---- client role: response injection

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void clientRejectsReplyInTheSameSegmentAsTheGoAhead(boolean readAhead) {
        AtomicReference<byte[]> afterStartTls = new AtomicReference<>();
        try (ScriptedPeer peer = ScriptedPeer.start(p -> {
            p.write("220 hi\r\n");
            assertThat(p.readLine()).isEqualTo("STARTTLS");
            p.write("220 go ahead\r\n250 INJECTED\r\n");
            afterStartTls.set(p.readToEof());
        })) {
            LineConnection c = client(peer.port(), TlsProvider.JDK, readAhead).connectNow(WAIT);
            startTls(c);

            StepVerifier.create(c.upgradeToTls())
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(StartTlsInjectionException.class)
                            .hasMessageContaining("250 INJECTED")
                            .hasMessageContaining("response injection"))
                    .verify(WAIT);
            assertNothingMoreDelivered(c);
            peer.await(WAIT);
            // The check ran before any handshake: not a single byte followed STARTTLS.
            assertThat(afterStartTls.get()).isEmpty();
        }
    }

    @ParameterizedTest(name = "client {0}, read-ahead {1}")
    @MethodSource("providersAndReadAhead")
    void clientRejectsPlaintextReplyDuringTheHandshake(TlsProvider provider, boolean readAhead) {
        assumeProvider(provider);
        try (ScriptedPeer peer = ScriptedPeer.start(p -> {
            p.write("220 hi\r\n");
            assertThat(p.readLine()).isEqualTo("STARTTLS");
            p.write("220 go ahead\r\n");
            assertThat(p.readByte()).as("first byte of the ClientHello").isEqualTo(0x16);
            p.write("250 INJECTED\r\n");
            p.readToEof();
        })) {
            LineConnection c = client(peer.port(), provider, readAhead).connectNow(WAIT);
            startTls(c);

            StepVerifier.create(c.upgradeToTls())
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(StartTlsInjectionException.class)
                            .hasMessageContaining("250 INJECTED")
                            .hasMessageContaining("response injection"))
                    .verify(WAIT);
            assertNothingMoreDelivered(c);
            peer.await(WAIT);
        }
    }

    @ParameterizedTest(name = "read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void clientRejectsReplyThatArrivedDuringAnAsyncHopBeforeTheUpgrade(boolean readAhead) {
        try (ScriptedPeer peer = ScriptedPeer.start(p -> {
            p.write("220 hi\r\n");
            assertThat(p.readLine()).isEqualTo("STARTTLS");
            p.write("220 go ahead\r\n");
            Thread.sleep(50);
            p.write("250 INJECTED\r\n");
            p.readToEof();
        })) {
            LineConnection c = client(peer.port(), TlsProvider.JDK, readAhead).connectNow(WAIT);
            startTls(c);

            // Read-ahead on: the reply is read during the hop and waits at the switch point. Off: it stays in the
            // socket until the handshake reads, and the TLS guard finds plaintext where a record must start.
            StepVerifier.create(Mono.delay(Duration.ofMillis(200)).then(c.upgradeToTls()))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(StartTlsInjectionException.class)
                            .hasMessageContaining("250 INJECTED"))
                    .verify(WAIT);
            assertNothingMoreDelivered(c);
            peer.await(WAIT);
        }
    }

    // ---- helpers

    /** Reads the greeting, sends STARTTLS and reads the go-ahead, one line at a time (upgrade-safe). */
    private static void startTls(LineConnection c) {
        assertThat(c.lines().next().map(Line::text).block(WAIT)).isEqualTo("220 hi");
        c.send("STARTTLS").block(WAIT);
        Line goAhead = c.lines().next().block(WAIT);
        assertThat(goAhead).isNotNull();
        assertThat(goAhead.text()).isEqualTo("220 go ahead");
        assertThat(goAhead.isSecure()).isFalse();
    }

    /** After a refused upgrade: a new lines() subscriber gets the injection error (never the line), and it is closed. */
    private static void assertNothingMoreDelivered(LineConnection c) {
        StepVerifier.create(c.lines())
                .expectError(StartTlsInjectionException.class)
                .verify(WAIT);
        c.onClose().block(WAIT);
        assertThat(c.isOpen()).isFalse();
        assertThat(c.isSecure()).isFalse();
        assertThat(c.tls()).isEmpty();
    }

    private static LineServer server(TlsProvider provider, boolean readAhead) {
        return LineServer.create().tls(TestPki.get().serverTls(provider)).readAhead(readAhead);
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

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * An SMTP-shaped server that answers STARTTLS only after an asynchronous delay (as a handler that consults
     * something first would), so that whatever the client sent after STARTTLS has arrived when the upgrade runs.
     */
    private static final class DelayedUpgradeHandler implements Function<LineConnection, Publisher<Void>> {
        final List<Line> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        private final Duration delay;

        DelayedUpgradeHandler(Duration delay) {
            this.delay = delay;
        }

        @Override
        public Publisher<Void> apply(LineConnection c) {
            return c.send("220 ready")
                    .thenMany(c.lines().concatMap(line -> respond(c, line), 0))
                    .then()
                    .doOnError(outcome::complete)
                    .doOnSuccess(v -> outcome.complete(null));
        }

        private Mono<Void> respond(LineConnection c, Line line) {
            received.add(line);
            if (line.text().equals("STARTTLS")) {
                return Mono.delay(delay).then(c.upgradeToTls("220 go ahead")).then();
            }
            return c.send("250 " + (line.isSecure() ? "tls" : "plain") + " " + line.text());
        }
    }
}
