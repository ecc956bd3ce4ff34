package dev.startle.spring.boot;

import dev.startle.core.ReadTimeoutException;
import dev.startle.core.TlsHandshakeException;
import dev.startle.core.TlsInfo;
import dev.startle.core.TlsModeMismatchException;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.SmtpExtensions;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.client.SmtpSession;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Checks the relay without blocking: opens a session outside the pool exactly as a send would (connect, greeting,
 * EHLO, STARTTLS or implicit TLS per the client's {@code TlsMode}, EHLO again, AUTH when credentials are configured),
 * then QUITs. Connecting and each reply are bounded by the timeout (the client's own timeouts, which close the
 * connection), and the whole check by the timeout plus one second.
 *
 * <p>UP details: {@code relay}, {@code tlsMode}, {@code secure}, {@code tlsProtocol}, {@code cipherSuite}, {@code
 * tlsProvider}, {@code certificateSubject} and {@code certificateExpires} of the relay's certificate, {@code server}
 * (its EHLO name), {@code extensions} (keywords offered after TLS), {@code authMechanisms}, {@code authenticated}, and
 * {@code warnings} (for instance an opportunistic fallback to plaintext). DOWN details: {@code relay}, {@code tlsMode},
 * {@code error} (class and message) and, when the error says more, {@code smtpCode}, {@code enhancedCode}, {@code
 * reply} and {@code command} (the relay refused something), {@code tlsFailure} (why the handshake failed), {@code
 * suggestedTlsMode} (the port speaks the other kind of TLS) or {@code timeout}.
 *
 * <p>Every call opens a connection: for a relay that limits connection rates, cache the health endpoint ({@code
 * management.endpoint.health.cache.time-to-live}).
 */
public final class StartleMailHealthIndicator implements ReactiveHealthIndicator {
    /** {@code SmtpClient[host:port, MODE]}: the client names its relay only in its toString. */

    /** Past the per-step timeout, how long the overall bound waits before giving up on the check. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final SmtpClient client;
    private final SmtpClient checker;
    private final String relay;
    private final Duration timeout;

    /**
     * An indicator for the relay {@code client} sends to.
     *
     * @param client the client whose settings are checked
     * @param timeout how long connecting and each reply may take
     */
    public StartleMailHealthIndicator(SmtpClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        // Each step ends with the client's own timeout error, which closes the connection it opened.
        this.checker = client.connectTimeout(timeout).replyTimeout(timeout);
        this.relay = client.host() + ":" + client.port();
    }

    @Override
    public Mono<Health> health() {
        Duration overall = timeout.plus(GRACE);
        return Mono.usingWhen(checker.session(), session -> Mono.fromSupplier(() -> up(session)), SmtpSession::quit)
                .timeout(overall, Mono.error(() -> new TimeoutException("no complete check within " + overall)))
                .onErrorResume(error -> Mono.just(down(error)));
    }

    private Health up(SmtpSession session) {
        Health.Builder health = Health.up()
                .withDetail("relay", relay)
                .withDetail("tlsMode", client.tlsMode().name())
                .withDetail("secure", session.isSecure());
        session.tls().ifPresent(tls -> tls(health, tls));
        SmtpExtensions extensions = session.extensions();
        health.withDetail("server", extensions.serverName())
                .withDetail("extensions", new TreeSet<>(extensions.keywords()))
                .withDetail("authMechanisms", extensions.authMechanisms())
                .withDetail("authenticated", session.isAuthenticated());
        if (!session.warnings().isEmpty()) {
            health.withDetail("warnings", session.warnings());
        }
        return health.build();
    }

    private static void tls(Health.Builder health, TlsInfo tls) {
        health.withDetail("tlsProtocol", tls.protocol())
                .withDetail("cipherSuite", tls.cipherSuite())
                .withDetail("tlsProvider", tls.provider().name());
        if (!tls.peerCertificates().isEmpty()) {
            X509Certificate leaf = tls.peerCertificates().get(0);
            health.withDetail(
                            "certificateSubject", leaf.getSubjectX500Principal().getName())
                    .withDetail(
                            "certificateExpires", leaf.getNotAfter().toInstant().toString());
        }
    }

    private Health down(Throwable error) {
        Health.Builder health = Health.down()
                .withDetail("relay", relay)
                .withDetail("tlsMode", client.tlsMode().name())
                .withDetail("error", error.getClass().getName() + ": " + error.getMessage());
        if (error instanceof SmtpException e) {
            health.withDetail("smtpCode", e.code())
                    .withDetail("reply", e.reply().text())
                    .withDetail("command", e.command());
            e.enhancedCode().ifPresent(code -> health.withDetail("enhancedCode", code.toString()));
        } else if (error instanceof TlsHandshakeException e) {
            health.withDetail("tlsFailure", e.failure().name());
        } else if (error instanceof TlsModeMismatchException e) {
            health.withDetail("suggestedTlsMode", e.suggestedMode().name());
        } else if (error instanceof ReadTimeoutException e) {
            health.withDetail("timeout", e.timeout().toString());
        } else if (error instanceof TimeoutException) {
            health.withDetail("timeout", timeout.plus(GRACE).toString());
        }
        return health.build();
    }

    @Override
    public String toString() {
        return "StartleMailHealthIndicator[" + relay + "]";
    }
}
