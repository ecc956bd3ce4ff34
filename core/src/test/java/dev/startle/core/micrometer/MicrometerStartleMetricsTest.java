package dev.startle.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.core.Line;
import dev.startle.core.LineClient;
import dev.startle.core.LineConnection;
import dev.startle.core.LineServer;
import dev.startle.core.TlsHandshakeException;
import dev.startle.core.TlsProvider;
import dev.startle.core.testing.EchoStartTlsHandler;
import dev.startle.core.testing.TestPki;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.OpenSsl;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.netty.DisposableServer;

class MicrometerStartleMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long to watch for a count that must not change (loopback events arrive within milliseconds). */
    private static final long SETTLE = 200;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerStartleMetrics metrics = MicrometerStartleMetrics.create(registry);

    @ParameterizedTest(name = "provider {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void upgradeRecordsOneHandshakeAndOneSuccessPerRole(TlsProvider provider) throws Exception {
        assumeProvider(provider);
        TestPki pki = TestPki.get();
        DisposableServer server = LineServer.create()
                .tls(pki.serverTls(provider))
                .metrics(metrics)
                .bindNow(new EchoStartTlsHandler());
        try {
            LineConnection c = client(server.port(), pki.clientTls(provider)).connectNow();
            assertThat(next(c).text()).isEqualTo("220 ready");
            c.send("STARTTLS").block(WAIT);
            assertThat(next(c).text()).isEqualTo("220 go ahead");
            c.upgradeToTls().block(WAIT);
            c.send("HELLO").block(WAIT);
            assertThat(next(c).text()).isEqualTo("250 tls HELLO");
            c.close().block(WAIT);

            awaitUntil(() -> closed("client") == 1 && closed("server") == 1, "both ends counted as closed");
            for (String role : new String[] {"client", "server"}) {
                Timer handshake = registry.get("startle.tls.handshake")
                        .tags("role", role, "protocol", "TLSv1.3", "provider", provider.name())
                        .timer();
                assertThat(handshake.count()).as(role).isEqualTo(1);
                assertThat(handshake.totalTime(TimeUnit.NANOSECONDS)).as(role).isPositive();
                assertThat(registry.get("startle.tls.handshake")
                                .tag("role", role)
                                .timers())
                        .as("one timer for %s", role)
                        .hasSize(1);
                assertThat(upgrades(role, "success", "none")).as(role).isEqualTo(1);
                assertThat(registry.find("startle.tls.upgrades")
                                .tags("role", role, "result", "failure")
                                .counters())
                        .as("no failure for %s", role)
                        .isEmpty();
                assertThat(counter("startle.connections.opened", role)).as(role).isEqualTo(1);
                assertThat(active(role)).as(role).isZero();
            }
            assertLowCardinalityTags();
        } finally {
            server.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "provider {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void untrustedCertificateRecordsAFailureWithItsCause(TlsProvider provider) throws Exception {
        assumeProvider(provider);
        TestPki pki = TestPki.get();
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer server = LineServer.create()
                .tls(pki.serverTls(provider))
                .metrics(metrics)
                .bindNow(handler);
        try {
            LineConnection c =
                    client(server.port(), pki.untrustingClientTls(provider)).connectNow();
            assertThat(next(c).text()).isEqualTo("220 ready");
            c.send("STARTTLS").block(WAIT);
            assertThat(next(c).text()).isEqualTo("220 go ahead");
            assertThatThrownBy(() -> c.upgradeToTls().block(WAIT))
                    .isInstanceOfSatisfying(
                            TlsHandshakeException.class,
                            e -> assertThat(e.failure())
                                    .isEqualTo(TlsHandshakeException.Failure.UNTRUSTED_CERTIFICATE));

            assertThat(upgrades("client", "failure", "UNTRUSTED_CERTIFICATE")).isEqualTo(1);
            assertThat(registry.find("startle.tls.handshake")
                            .tag("role", "client")
                            .timers())
                    .isEmpty();
            assertThat(upgrades("client", "success", "none")).isZero();

            // The server sees the client's alert; it records one failure and no success.
            awaitUntil(
                    () ->
                            registry
                                            .find("startle.tls.upgrades")
                                            .tags("role", "server", "result", "failure")
                                            .counters()
                                            .stream()
                                            .mapToDouble(x -> x.count())
                                            .sum()
                                    == 1,
                    "the server's failed upgrade is counted");
            assertThat(upgrades("server", "success", "none")).isZero();
            awaitUntil(() -> closed("client") == 1 && closed("server") == 1, "both ends counted as closed");
            assertThat(active("client")).isZero();
            assertThat(active("server")).isZero();
            assertLowCardinalityTags();
        } finally {
            server.disposeNow(WAIT);
        }
    }

    @Test
    void openedAndClosedAddUpWithRejectedAndRefusedConnections() throws Exception {
        TestPki pki = TestPki.get();
        DisposableServer server = LineServer.create()
                .tls(pki.serverTls(TlsProvider.JDK))
                .maxConnections(1, "421 too busy")
                .metrics(metrics)
                .bindNow(new EchoStartTlsHandler());
        try {
            LineConnection first =
                    client(server.port(), pki.clientTls(TlsProvider.JDK)).connectNow();
            assertThat(next(first).text()).isEqualTo("220 ready");
            assertThat(active("server")).isEqualTo(1);
            assertThat(active("client")).isEqualTo(1);

            LineConnection second =
                    client(server.port(), pki.clientTls(TlsProvider.JDK)).connectNow();
            assertThat(next(second).text()).isEqualTo("421 too busy");
            second.onClose().block(WAIT);
            awaitUntil(() -> counter("startle.connections.rejected", "server") == 1, "the rejection is counted");
            awaitUntil(() -> closed("client") == 1, "the rejected client connection is counted as closed");
            Thread.sleep(SETTLE); // a wrongly counted close of the rejected server connection would show by now
            assertThat(counter("startle.connections.opened", "server"))
                    .as("a rejected connection is not opened")
                    .isEqualTo(1);
            assertThat(closed("server")).as("nor closed").isZero();
            assertThat(active("server")).isEqualTo(1);

            first.close().block(WAIT);
            awaitUntil(
                    () -> closed("server") == 1 && closed("client") == 2,
                    "the accepted connection and both client connections are counted as closed");
            Thread.sleep(SETTLE);
            assertThat(closed("server")).isEqualTo(1);
            assertThat(closed("client")).isEqualTo(2);
            assertThat(counter("startle.connections.opened", "server")).isEqualTo(1);
            assertThat(counter("startle.connections.opened", "client")).isEqualTo(2);
            assertThat(active("server")).isZero();
            assertThat(active("client")).isZero();
        } finally {
            server.disposeNow(WAIT);
        }

        // A connection that never opened (refused) counts neither as opened nor as closed.
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> client(closedPort, pki.clientTls(TlsProvider.JDK))
                        .connect()
                        .block(WAIT))
                .isNotNull();
        Thread.sleep(SETTLE); // a wrongly counted close would arrive on the event loop right after the failure
        assertThat(counter("startle.connections.opened", "client")).isEqualTo(2);
        assertThat(closed("client")).isEqualTo(2);
        assertThat(active("client")).isZero();
    }

    @Test
    void fallbacksAndUnexpectedCauseTagsStayLowCardinality() {
        metrics.opportunisticFallback("SMTP");
        metrics.opportunisticFallback("smtp");
        metrics.upgradeFailed(dev.startle.core.Role.CLIENT, "peer 10.0.0.1:25 said something long and odd");
        assertThat(registry.get("startle.tls.opportunistic.fallbacks")
                        .tag("protocol", "smtp")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(upgrades("client", "failure", "OTHER")).isEqualTo(1);
        assertLowCardinalityTags();
    }

    @Test
    void severalInstancesOnOneRegistryShareTheirMeters() {
        MicrometerStartleMetrics other = MicrometerStartleMetrics.create(registry);
        metrics.connectionOpened(dev.startle.core.Role.SERVER);
        other.connectionOpened(dev.startle.core.Role.SERVER);
        other.connectionClosed(dev.startle.core.Role.SERVER);
        assertThat(counter("startle.connections.opened", "server")).isEqualTo(2);
        assertThat(active("server")).isEqualTo(1);
    }

    // ---- helpers

    private LineClient client(int port, dev.startle.core.TlsSettings tls) {
        return LineClient.create().host("localhost").port(port).tls(tls).metrics(metrics);
    }

    private static Line next(LineConnection c) {
        Line line = c.lines().next().block(WAIT);
        assertThat(line).as("a line from %s", c).isNotNull();
        return line;
    }

    private double upgrades(String role, String result, String cause) {
        var counter = registry.find("startle.tls.upgrades")
                .tags("role", role, "result", result, "cause", cause)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double counter(String name, String role) {
        return registry.get(name).tag("role", role).counter().count();
    }

    private double closed(String role) {
        return counter("startle.connections.closed", role);
    }

    private double active(String role) {
        return registry.get("startle.connections.active")
                .tag("role", role)
                .gauge()
                .value();
    }

    /** Every tag key is one of the documented ones, and no value names a host or an address. */
    private void assertLowCardinalityTags() {
        Set<String> keys = Set.of("role", "protocol", "provider", "result", "cause");
        for (Meter meter : registry.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                assertThat(keys).as("tag of %s", meter.getId()).contains(tag.getKey());
                assertThat(tag.getValue())
                        .as("tag of %s", meter.getId())
                        .doesNotContain("localhost", "127.0.0.1", ":")
                        .matches("[A-Za-z0-9_.-]{1,32}");
            }
        }
    }

    private static void assumeProvider(TlsProvider provider) {
        Assumptions.assumeTrue(
                provider == TlsProvider.JDK || OpenSsl.isAvailable(), "netty-tcnative not loadable on this platform");
    }

    private String meters() {
        StringBuilder b = new StringBuilder();
        for (Meter meter : registry.getMeters()) {
            b.append("\n  ")
                    .append(meter.getId().getName())
                    .append(meter.getId().getTags());
            meter.measure()
                    .forEach(m ->
                            b.append(' ').append(m.getStatistic()).append('=').append(m.getValue()));
        }
        return b.toString();
    }

    private void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + WAIT + " waiting until " + what + "; meters: " + meters());
            }
            Thread.sleep(10);
        }
    }
}
