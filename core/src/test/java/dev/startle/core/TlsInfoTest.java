package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.testing.EchoStartTlsHandler;
import dev.startle.core.testing.TestPki;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.netty.DisposableServer;

/** What the upgraded session exposes: negotiated parameters, channel binding, resumption. */
class TlsInfoTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static LineConnection upgrade(LineClient client) {
        LineConnection c = client.connectNow();
        return c.lines()
                .next()
                .then(c.send("STARTTLS"))
                .then(c.lines().next())
                .then(c.upgradeToTls())
                .block(WAIT);
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void bothSidesAgreeOnTheTlsServerEndPointChannelBinding(TlsProvider provider) throws Exception {
        TestPki pki = TestPki.get();
        LineConnection[] serverSide = new LineConnection[1];
        EchoStartTlsHandler echo = new EchoStartTlsHandler();
        DisposableServer server = LineServer.create()
                .tls(pki.serverTls(provider))
                .bindNow(c -> {
                    serverSide[0] = c;
                    return echo.apply(c);
                });
        try {
            LineClient client =
                    LineClient.create().host("localhost").port(server.port()).tls(pki.clientTls(provider));
            LineConnection c = upgrade(client);
            c.send("PING").then(c.lines().next()).block(WAIT); // the server side has completed its handshake too

            byte[] expected = MessageDigest.getInstance("SHA-256")
                    .digest(pki.server().getCertificate().getEncoded()); // ECDSA with SHA-256
            TlsInfo clientInfo = c.tls().orElseThrow();
            TlsInfo serverInfo = serverSide[0].tls().orElseThrow();
            assertThat(clientInfo.tlsServerEndPoint()).hasValue(expected);
            assertThat(serverInfo.tlsServerEndPoint()).hasValue(expected);
            assertThat(serverInfo.localCertificates())
                    .first()
                    .isEqualTo(pki.server().getCertificate());
            assertThat(clientInfo.cipherSuite()).isEqualTo(serverInfo.cipherSuite());
            // Neither JDK 17 nor netty-tcnative exports keying material: documented as empty.
            assertThat(clientInfo.tlsExporter()).isEmpty();
            c.close().block(WAIT);
        } finally {
            server.disposeNow(WAIT);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void aConfiguredServerNameIsSentAsSniAndVerifiedInsteadOfTheHost(TlsProvider provider) {
        TestPki pki = TestPki.get();
        LineConnection[] serverSide = new LineConnection[1];
        EchoStartTlsHandler echo = new EchoStartTlsHandler();
        DisposableServer server = LineServer.create()
                .tls(pki.wrongHostServerTls(provider)) // a certificate for mail.example.org
                .bindNow(c -> {
                    serverSide[0] = c;
                    return echo.apply(c);
                });
        try {
            LineClient client = LineClient.create()
                    .host("127.0.0.1")
                    .port(server.port())
                    .tls(pki.clientTls(provider).withServerName("mail.example.org"));
            LineConnection c = upgrade(client);
            c.send("PING").then(c.lines().next()).block(WAIT);
            assertThat(c.tls().orElseThrow().serverName()).contains("mail.example.org");
            assertThat(serverSide[0].tls().orElseThrow().serverName()).contains("mail.example.org");
            c.close().block(WAIT);
        } finally {
            server.disposeNow(WAIT);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void aReusedClientResumesItsTlsSession(TlsProvider provider) {
        TestPki pki = TestPki.get();
        DisposableServer server =
                LineServer.create().tls(pki.serverTls(provider)).bindNow(new EchoStartTlsHandler());
        try {
            LineClient client =
                    LineClient.create().host("localhost").port(server.port()).tls(pki.clientTls(provider));
            LineConnection first = upgrade(client);
            // TLS 1.3 tickets arrive after the handshake: exchange a line so the client has stored one.
            first.send("PING").then(first.lines().next()).block(WAIT);
            assertThat(first.tls().orElseThrow().sessionResumed()).isFalse();
            first.send("QUIT").then(first.lines().next()).block(WAIT);
            first.close().block(WAIT);

            LineConnection second = upgrade(client);
            assertThat(second.tls().orElseThrow().sessionResumed()).isTrue();
            second.close().block(WAIT);
        } finally {
            server.disposeNow(WAIT);
        }
    }
}
