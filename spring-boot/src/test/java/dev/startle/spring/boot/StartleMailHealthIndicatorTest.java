package dev.startle.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator against an embedded relay, a closed port, a mute peer and a relay without STARTTLS. */
@SuppressWarnings("unchecked")
class StartleMailHealthIndicatorTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    StartleMailAutoConfiguration.class, StartleMailHealthAutoConfiguration.class));

    /** The health the indicator reports; {@link #lastCheck} says how long the check itself took. */
    private Health check(String... properties) {
        Health[] health = new Health[1];
        runner.withPropertyValues(properties).run(context -> {
            StartleMailHealthIndicator indicator = context.getBean(StartleMailHealthIndicator.class);
            long start = System.nanoTime();
            health[0] = indicator.health().block(WAIT);
            lastCheck = Duration.ofNanos(System.nanoTime() - start);
        });
        return health[0];
    }

    private Duration lastCheck;

    @Test
    void upWithTlsDetailsAndTheRelaysExtensions() {
        try (TestRelay relay = TestRelay.start()) {
            Health health = check(relay.properties());
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            Map<String, Object> details = health.getDetails();
            assertThat(details)
                    .containsEntry("relay", "localhost:" + relay.port())
                    .containsEntry("tlsMode", "STARTTLS_REQUIRED")
                    .containsEntry("secure", true)
                    .containsEntry("authenticated", true)
                    .containsEntry("server", "localhost")
                    .containsEntry("certificateSubject", "CN=localhost")
                    .containsKeys("cipherSuite", "certificateExpires", "tlsProvider");
            assertThat((String) details.get("tlsProtocol")).startsWith("TLSv1.");
            assertThat((Collection<Object>) details.get("extensions")).contains("AUTH", "PIPELINING");
            assertThat((Collection<Object>) details.get("authMechanisms")).contains("PLAIN");
            // the check quits: nothing stays open on the relay
            assertThat(relay.openConnections()).isZero();
        }
    }

    @Test
    void downWithTheSmtpReplyWhenTheCredentialsAreWrong() {
        try (TestRelay relay = TestRelay.start()) {
            Health health = check(relay.properties("spring.mail.password=wrong"));
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails())
                    .containsEntry("smtpCode", 535)
                    .containsEntry("enhancedCode", "5.7.8")
                    .containsKey("reply");
            assertThat((String) health.getDetails().get("error")).contains("SmtpAuthenticationException");
        }
    }

    @Test
    void downWhenTlsIsRequiredButNotOffered() {
        try (TestRelay relay = TestRelay.start(TlsMode.NONE)) {
            Health health = check(relay.properties());
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("error")).contains("TlsRequiredException");
        }
    }

    @Test
    void downWithTheHandshakeFailureWhenTheCertificateIsNotTrusted() {
        try (TestRelay relay = TestRelay.start()) {
            Health health = check("spring.mail.host=localhost", "spring.mail.port=" + relay.port());
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("tlsFailure", "UNTRUSTED_CERTIFICATE");
        }
    }

    @Test
    void downOnAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Health health = check("spring.mail.host=127.0.0.1", "spring.mail.port=" + port);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("relay", "127.0.0.1:" + port);
        assertThat((String) health.getDetails().get("error")).containsIgnoringCase("refused");
        assertThat(lastCheck).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void downWithinTheBoundWhenThePeerNeverGreets() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = mute.accept()) {
                    held.getInputStream().read();
                } catch (IOException e) {
                    // closed when the test ends
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Health health = check(
                    "spring.mail.host=127.0.0.1",
                    "spring.mail.port=" + mute.getLocalPort(),
                    "startle.mail.check-timeout=700ms");
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("timeout");
            assertThat(lastCheck).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void downWithinTheTimeoutWhenThePeerStallsAfterTheGreetingAndTheConnectionIsClosed() throws Exception {
        try (ServerSocket stalling = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> clientClosed = new CompletableFuture<>();
            Thread peer = new Thread(() -> {
                try (Socket held = stalling.accept()) {
                    held.getOutputStream().write("220 stalling.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                    InputStream in = held.getInputStream();
                    while (in.read() >= 0) {
                        // swallow EHLO and never answer
                    }
                    clientClosed.complete(System.nanoTime());
                } catch (IOException e) {
                    clientClosed.completeExceptionally(e);
                }
            });
            peer.setDaemon(true);
            peer.start();
            Health health = check(
                    "spring.mail.host=127.0.0.1",
                    "spring.mail.port=" + stalling.getLocalPort(),
                    "startle.mail.check-timeout=700ms");
            long reported = System.nanoTime();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("timeout", "PT0.7S");
            assertThat((String) health.getDetails().get("error")).contains("ReadTimeoutException");
            assertThat(lastCheck).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(5));
            // the client closed the connection it gave up on
            long closed = clientClosed.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(closed - reported)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
