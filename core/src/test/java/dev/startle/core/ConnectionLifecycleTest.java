package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** How connections end: server disposal, resets by the peer. */
class ConnectionLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void disposingTheServerClosesItsOpenConnections() {
        DisposableServer server = LineServer.create()
                .tlsMode(TlsMode.NONE)
                .bindNow(c -> c.send("220 hello").then(Mono.never()));
        LineConnection client =
                LineClient.create().port(server.port()).tlsMode(TlsMode.NONE).connectNow();
        assertThat(client.lines().next().block(WAIT).text()).isEqualTo("220 hello");

        server.disposeNow(Duration.ofMillis(200));

        assertThat(client.onClose().block(WAIT)).isNull();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aResetByThePeerIsATypedConnectionClosedException() throws Exception {
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LineConnection client = LineClient.create()
                    .host("127.0.0.1")
                    .port(peer.getLocalPort())
                    .tlsMode(TlsMode.NONE)
                    .connectNow();
            try (java.net.Socket accepted = peer.accept()) {
                accepted.setSoLinger(true, 0); // close with RST
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> client.lines().next().block(WAIT))
                    .isInstanceOf(ConnectionClosedException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
        }
    }
}
