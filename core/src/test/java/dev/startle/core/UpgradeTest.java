package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.testing.EchoStartTlsHandler;
import dev.startle.core.testing.TestPki;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

class UpgradeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    static Stream<Arguments> pairings() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (TlsProvider client : new TlsProvider[] {TlsProvider.JDK, TlsProvider.OPENSSL}) {
            for (TlsProvider server : new TlsProvider[] {TlsProvider.JDK, TlsProvider.OPENSSL}) {
                for (boolean readAhead : new boolean[] {true, false}) {
                    b.add(Arguments.of(client, server, readAhead));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "client {0}, server {1}, read-ahead {2}")
    @MethodSource("pairings")
    void bothRolesUpgradeAndLinesFlowThroughTheSameSubscription(
            TlsProvider client, TlsProvider server, boolean readAhead) {
        Assumptions.assumeTrue(
                SslContexts.openSslAvailable() || (client == TlsProvider.JDK && server == TlsProvider.JDK),
                "netty-tcnative not loadable on this platform");
        TestPki pki = TestPki.get();
        EchoStartTlsHandler handler = new EchoStartTlsHandler();
        DisposableServer bound = LineServer.create()
                .tls(pki.serverTls(server))
                .readAhead(readAhead)
                .bindNow(handler);
        try {
            LineConnection c = LineClient.create()
                    .host("localhost")
                    .port(bound.port())
                    .tls(pki.clientTls(client))
                    .readAhead(readAhead)
                    .connectNow();
            StepVerifier.create(c.lines(), 1)
                    .expectNextMatches(l -> l.text().equals("220 ready") && !l.isSecure())
                    .then(() -> c.send("HELLO").block(WAIT))
                    .thenRequest(1)
                    .expectNextMatches(l -> l.text().equals("250 plain HELLO"))
                    .then(() -> c.send("STARTTLS").block(WAIT))
                    .thenRequest(1)
                    .expectNextMatches(l -> l.text().equals("220 go ahead") && !l.isSecure())
                    .then(() -> {
                        assertThat(c.isSecure()).isFalse();
                        c.upgradeToTls().block(WAIT);
                        assertThat(c.isSecure()).isTrue();
                    })
                    .then(() -> c.send("HELLO").block(WAIT))
                    .thenRequest(1)
                    .expectNextMatches(l -> l.text().equals("250 tls HELLO") && l.isSecure())
                    .then(() -> c.send("QUIT").block(WAIT))
                    .thenRequest(1)
                    .expectNextMatches(l -> l.text().equals("221 bye"))
                    .thenRequest(1)
                    .expectComplete()
                    .verify(WAIT);

            TlsInfo tls = c.tls().orElseThrow();
            assertThat(tls.protocol()).isEqualTo("TLSv1.3");
            assertThat(tls.provider()).isEqualTo(client);
            assertThat(tls.serverName()).contains("localhost");
            assertThat(tls.peerCertificates()).first().isEqualTo(pki.server().getCertificate());
            assertThat(tls.tlsServerEndPoint()).isPresent();
            assertThat(handler.received).extracting(Line::text).containsExactly("HELLO", "STARTTLS", "HELLO", "QUIT");
            assertThat(handler.received).extracting(Line::isSecure).containsExactly(false, false, true, true);
        } finally {
            bound.disposeNow(WAIT);
        }
    }
}
