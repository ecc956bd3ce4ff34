package dev.startle.spring.boot;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.micrometer.MicrometerStartleMetrics;
import dev.startle.core.testing.TestPki;
import dev.startle.smtp.server.SmtpHandler;
import dev.startle.smtp.server.SmtpRejectException;
import dev.startle.smtp.server.SmtpServer;
import dev.startle.smtp.server.SmtpServerSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * An embedded Startle SMTP server on 127.0.0.1, port 0, presenting the test CA's localhost certificate, with AUTH for
 * alice/secret. Records what arrives; refuses the recipients it was told to.
 */
final class TestRelay implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "secret";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** One message as the relay received it. */
    record Received(String from, List<String> recipients, byte[] bytes, boolean secure, String user, String tls) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    final List<Received> inbox = new CopyOnWriteArrayList<>();
    final List<String> heloNames = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry serverMeters = new SimpleMeterRegistry();
    private final DisposableServer server;

    private TestRelay(TlsMode mode, Set<String> refused, Duration messageDelay) {
        SmtpHandler handler = new SmtpHandler() {
            @Override
            public Mono<Void> onHelo(SmtpServerSession session, String name) {
                heloNames.add(name);
                return Mono.empty();
            }

            @Override
            public Mono<Void> onRcptTo(SmtpServerSession session, String recipient, Map<String, String> parameters) {
                return refused.contains(recipient)
                        ? Mono.error(new SmtpRejectException(550, "5.1.1", "no such user here"))
                        : Mono.empty();
            }

            @Override
            public Mono<Void> onMessage(dev.startle.smtp.server.ReceivedMessage message) {
                return message.bytes()
                        .delayElement(messageDelay)
                        .doOnNext(bytes -> inbox.add(new Received(
                                message.from(),
                                message.recipients(),
                                bytes,
                                message.session().isSecure(),
                                message.session().authenticatedUser().orElse(null),
                                message.session().tls().map(t -> t.protocol()).orElse(null))))
                        .then();
            }
        };
        SmtpServer smtp = SmtpServer.create()
                .host("127.0.0.1")
                .port(0)
                .tls(TestPki.get().serverTls(TlsProvider.JDK))
                .tlsMode(mode)
                .metrics(MicrometerStartleMetrics.create(serverMeters))
                .auth(
                        (authz, user, password) ->
                                Mono.just(USER.equals(user) && PASSWORD.equals(new String(password))),
                        true);
        if (mode == TlsMode.NONE) {
            smtp = smtp.allowPlaintextAuth(true);
        }
        this.server = smtp.bindNow(handler);
    }

    /** STARTTLS required, AUTH required. */
    static TestRelay start() {
        return new TestRelay(TlsMode.STARTTLS_REQUIRED, Set.of(), Duration.ZERO);
    }

    static TestRelay start(TlsMode mode) {
        return new TestRelay(mode, Set.of(), Duration.ZERO);
    }

    static TestRelay refusing(String... recipients) {
        return new TestRelay(TlsMode.STARTTLS_REQUIRED, Set.of(recipients), Duration.ZERO);
    }

    static TestRelay slow(Duration messageDelay) {
        return new TestRelay(TlsMode.STARTTLS_REQUIRED, Set.of(), messageDelay);
    }

    int port() {
        return server.port();
    }

    /** Server connections open now. */
    double openConnections() {
        return serverMeters
                .get("startle.connections.active")
                .tag("role", "server")
                .gauge()
                .value();
    }

    /** The properties that point the starter at this relay, trusting the test CA. */
    String[] properties(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(
                "spring.mail.host=localhost",
                "spring.mail.port=" + port(),
                "spring.mail.username=" + USER,
                "spring.mail.password=" + PASSWORD,
                "startle.mail.trust-certificates=" + TestPki.get().caPemFile()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Override
    public void close() {
        server.disposeNow(WAIT);
    }
}
