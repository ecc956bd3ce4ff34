package dev.startle.smtp.client;

import dev.startle.core.LineClient;
import dev.startle.core.StartleMetrics;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.core.Wiretap;
import dev.startle.sasl.SaslCredential;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.internal.DefaultSmtpSession;
import dev.startle.smtp.internal.SessionOptions;
import dev.startle.smtp.internal.SessionPool;
import dev.startle.smtp.internal.SmtpAuthenticator;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * A reactive SMTP client for submission (587 with STARTTLS, 465 with implicit TLS) and relay (25). Immutable
 * configuration: every setter returns a changed copy. Each configured instance owns a session pool, created on first
 * {@link #send}; share one instance and {@link #close()} it at shutdown.
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.create()
 *         .host("smtp.example.org").port(587)                       // STARTTLS_REQUIRED by default
 *         .credentials(SaslCredential.password("alice@example.org", secret));
 * Mono<SendResult> sent = client.send(message);
 * }</pre>
 *
 * Defaults: port 587, {@link TlsMode#STARTTLS_REQUIRED}, {@link TlsSettings#defaults()}, EHLO with the address
 * literal of the local address, 10 s connect timeout, 5 minute reply timeout (RFC 5321 section 4.5.3.2), no
 * credentials, {@link SmtpPoolSettings#defaults()}, BDAT when offered, a send succeeds when at least one recipient is
 * accepted. The wiretap redacts AUTH exchanges and never logs message bodies.
 */
public final class SmtpClient {
    /** The configuration; never mutated once an SmtpClient holds it. */
    private static final class Spec implements Cloneable {
        LineClient lines = LineClient.create().port(587).readTimeout(Duration.ofMinutes(5));
        String ehloName;
        SaslCredential credential;
        String mechanism;
        boolean allowPlaintextAuth;
        boolean requireAllRecipients;
        boolean useChunking = true;
        SmtpPoolSettings poolSettings = SmtpPoolSettings.defaults();

        Spec copy() {
            try {
                return (Spec) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Spec spec;
    private final AtomicReference<SessionPool> pool = new AtomicReference<>();

    private SmtpClient(Spec spec) {
        this.spec = spec;
    }

    /** A client with the defaults listed on the type, for {@code localhost}. */
    public static SmtpClient create() {
        return new SmtpClient(new Spec());
    }

    private SmtpClient with(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new SmtpClient(copy);
    }

    private SmtpClient lines(UnaryOperator<LineClient> change) {
        LineClient changed = change.apply(spec.lines);
        return with(s -> s.lines = changed);
    }

    /** The server's host name; also the name its certificate must carry. */
    public SmtpClient host(String host) {
        return lines(l -> l.host(host));
    }

    /** The server's port: 587 (submission, STARTTLS), 465 (implicit TLS) or 25 (relay). */
    public SmtpClient port(int port) {
        return lines(l -> l.port(port));
    }

    /** The TLS mode; use {@link TlsMode#IMPLICIT} for port 465. */
    public SmtpClient tlsMode(TlsMode mode) {
        return lines(l -> l.tlsMode(mode));
    }

    /** The TLS settings. */
    public SmtpClient tls(TlsSettings settings) {
        return lines(l -> l.tls(settings));
    }

    /** How long connecting may take. */
    public SmtpClient connectTimeout(Duration timeout) {
        return lines(l -> l.connectTimeout(timeout));
    }

    /** How long the server may take to answer a command (including the end of a large message). */
    public SmtpClient replyTimeout(Duration timeout) {
        return lines(l -> l.readTimeout(timeout));
    }

    /** Logs the conversation (AUTH redacted, bodies summarised). */
    public SmtpClient wiretap(Wiretap wiretap) {
        return lines(l -> l.wiretap(wiretap));
    }

    /** Reports connections, upgrades and opportunistic fallbacks. */
    public SmtpClient metrics(StartleMetrics metrics) {
        return lines(l -> l.metrics(metrics));
    }

    /** Runs on these event loops. */
    public SmtpClient runOn(LoopResources loops) {
        return lines(l -> l.runOn(loops));
    }

    /** The EHLO argument (a fully qualified name of this host); default: the local address literal. */
    public SmtpClient ehloName(String name) {
        if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("EHLO name must be a domain or address literal: " + name);
        }
        return with(s -> s.ehloName = name);
    }

    /**
     * Authenticates with these credentials after TLS; the strongest mechanism both sides support is chosen. They are
     * never sent without TLS unless the mode is {@link TlsMode#NONE} and {@link #allowPlaintextAuth(boolean)} is set.
     */
    public SmtpClient credentials(SaslCredential credential) {
        Objects.requireNonNull(credential, "credential");
        return with(s -> s.credential = credential);
    }

    /** Pins the SASL mechanism (e.g. {@code "PLAIN"}) instead of choosing the strongest offered. */
    public SmtpClient authMechanism(String name) {
        Objects.requireNonNull(name, "name");
        return with(s -> s.mechanism = name);
    }

    /** With {@link TlsMode#NONE} only: allows credentials over plaintext (test servers on loopback). */
    public SmtpClient allowPlaintextAuth(boolean allow) {
        return with(s -> s.allowPlaintextAuth = allow);
    }

    /** When true, a send fails if any recipient is refused (default: only when all are). */
    public SmtpClient requireAllRecipients(boolean require) {
        return with(s -> s.requireAllRecipients = require);
    }

    /** Whether BDAT (CHUNKING) is used when the server offers it with PIPELINING (default true). */
    public SmtpClient useChunking(boolean use) {
        return with(s -> s.useChunking = use);
    }

    /** Pool settings for {@link #send}. */
    public SmtpClient pool(SmtpPoolSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return with(s -> s.poolSettings = settings);
    }

    /** The configured server host. */
    public String host() {
        return spec.lines.host();
    }

    /** The configured server port. */
    public int port() {
        return spec.lines.port();
    }

    /** The configured TLS mode. */
    public TlsMode tlsMode() {
        return spec.lines.tlsMode();
    }

    /**
     * Sends a message on a pooled session. Completes with the result once the server accepted the message for at
     * least one recipient (all, with {@link #requireAllRecipients(boolean)}); fails with {@code SmtpException} and its
     * subclasses for refusals, {@code TlsRequiredException} when TLS is required but not offered (before anything is
     * sent), {@code StartTlsException}s for failed upgrades, or the connection's error. A send that failed because
     * the connection was lost is retried once on a fresh connection, only when the server cannot have accepted it.
     */
    public Mono<SendResult> send(SmtpMessage message) {
        Objects.requireNonNull(message, "message");
        return Mono.defer(() -> pool().send(message));
    }

    /**
     * Opens a session outside the pool, for callers that drive several transactions themselves; the caller ends it
     * with {@link SmtpSession#quit()}.
     */
    public Mono<SmtpSession> session() {
        return openSession().cast(SmtpSession.class);
    }

    /** Closes the pooled sessions (QUIT). The client can still open sessions afterwards; {@link #send} repools. */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            SessionPool p = pool.getAndSet(null);
            return p == null ? Mono.empty() : p.close();
        });
    }

    private SessionPool pool() {
        SessionPool p = pool.get();
        if (p == null) {
            SessionPool created = new SessionPool(openSession(), spec.poolSettings);
            p = pool.compareAndExchange(null, created);
            if (p == null) {
                p = created;
            } else {
                created.close().subscribe();
            }
        }
        return p;
    }

    private Mono<DefaultSmtpSession> openSession() {
        Spec s = spec;
        SessionOptions options = new SessionOptions(
                s.lines.tlsMode(),
                s.ehloName,
                s.credential == null ? null : new SmtpAuthenticator(s.credential, s.mechanism),
                s.allowPlaintextAuth,
                s.requireAllRecipients,
                s.useChunking);
        return s.lines.connect().flatMap(connection -> DefaultSmtpSession.open(connection, options));
    }

    @Override
    public String toString() {
        return "SmtpClient[" + spec.lines.host() + ":" + spec.lines.port() + ", " + spec.lines.tlsMode() + "]";
    }
}
