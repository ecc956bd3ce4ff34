package dev.startle.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.core.ReadTimeoutException;
import dev.startle.core.TlsMode;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A server that never greets: the reply timeout covers the greeting, and giving up closes the connection. */
class SmtpClientTimeoutTest {

    @Test
    void theReplyTimeoutCoversTheGreeting() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SmtpClient client = SmtpClient.create()
                    .host("127.0.0.1")
                    .port(silent.getLocalPort())
                    .tlsMode(TlsMode.STARTTLS_REQUIRED)
                    .replyTimeout(Duration.ofMillis(500));
            assertThatThrownBy(() -> client.session().block(Duration.ofSeconds(10)))
                    .isInstanceOf(ReadTimeoutException.class);
        }
    }

    @Test
    void cancellingSessionSetUpClosesTheConnection() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SmtpClient client = SmtpClient.create()
                    .host("127.0.0.1")
                    .port(silent.getLocalPort())
                    .tlsMode(TlsMode.STARTTLS_REQUIRED);
            assertThatThrownBy(() ->
                            client.session().timeout(Duration.ofMillis(300)).block(Duration.ofSeconds(10)))
                    .hasCauseInstanceOf(TimeoutException.class);
            try (Socket accepted = silent.accept()) {
                accepted.setSoTimeout(5000);
                InputStream in = accepted.getInputStream();
                assertThat(in.read()).as("the client closed its side").isEqualTo(-1);
            }
        }
    }
}
