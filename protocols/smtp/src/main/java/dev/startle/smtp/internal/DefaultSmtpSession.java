package dev.startle.smtp.internal;

import dev.startle.core.LineConnection;
import dev.startle.core.TlsInfo;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsRequiredException;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.SmtpExtensions;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.SmtpReply;
import dev.startle.smtp.client.SmtpSession;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The SMTP client session: sets itself up (greeting, EHLO, STARTTLS per the TLS mode, EHLO again, AUTH) and runs
 * transactions through {@link Transaction}.
 */
public final class DefaultSmtpSession implements SmtpSession {
    private static final Logger log = LoggerFactory.getLogger(DefaultSmtpSession.class);

    private final LineConnection connection;
    private final ReplyReader replies;
    private final SessionOptions options;
    private final List<String> warnings = new ArrayList<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile SmtpExtensions extensions = SmtpExtensions.NONE;
    private volatile boolean authenticated;
    private volatile long lastUsedNanos = System.nanoTime();
    /** Whether the last transaction got as far as the end of its data: a failure then may still have delivered. */
    private volatile boolean lastSendInDoubt;
    /** False while a transaction is half-done: the server expects more of it (or an RSET). */
    private volatile boolean inStep = true;

    private DefaultSmtpSession(LineConnection connection, SessionOptions options) {
        this.connection = connection;
        this.options = options;
        this.replies = new ReplyReader(connection);
    }

    /** Sets up a session on a fresh connection; closes the connection when set-up fails or is cancelled. */
    public static Mono<DefaultSmtpSession> open(LineConnection connection, SessionOptions options) {
        DefaultSmtpSession session = new DefaultSmtpSession(connection, options);
        return session.setUp()
                .thenReturn(session)
                .onErrorResume(
                        e -> connection.close().onErrorResume(x -> Mono.empty()).then(Mono.error(e)))
                // A caller that gives up (timeout, cancel) must not leave a half-set-up connection behind.
                .doOnCancel(() -> connection.close().subscribe(v -> {}, e -> {}));
    }

    private Mono<Void> setUp() {
        return replies.next()
                .flatMap(greeting ->
                        greeting.code() == 220 ? Mono.empty() : Mono.error(new SmtpException("greeting", greeting)))
                .then(ehlo())
                .then(Mono.defer(this::startTls))
                .then(Mono.defer(this::authenticate));
    }

    // ---- EHLO

    private Mono<Void> ehlo() {
        String name = options.ehloName() != null ? options.ehloName() : addressLiteral(connection.localAddress());
        return command("EHLO " + name).flatMap(reply -> {
            if (reply.isPositive()) {
                extensions = SmtpExtensions.parse(reply);
                return Mono.<Void>empty();
            }
            if (reply.isPermanent()) {
                // An RFC 821 server: HELO, no extensions.
                return command("HELO " + name).flatMap(helo -> {
                    if (!helo.isPositive()) {
                        return Mono.error(new SmtpException("HELO", helo));
                    }
                    extensions = SmtpExtensions.NONE;
                    return Mono.<Void>empty();
                });
            }
            return Mono.error(new SmtpException("EHLO", reply));
        });
    }

    // ---- STARTTLS (RFC 3207)

    private Mono<Void> startTls() {
        TlsMode mode = options.tlsMode();
        if (!mode.isStartTls() || connection.isSecure()) {
            return Mono.empty();
        }
        if (!extensions.startTls()) {
            if (mode == TlsMode.STARTTLS_REQUIRED) {
                return quietQuit()
                        .then(Mono.error(new TlsRequiredException("the SMTP server " + connection.remoteAddress()
                                + " does not offer STARTTLS (it offers " + extensions.keywords()
                                + "); TlsMode.STARTTLS_REQUIRED: nothing was sent")));
            }
            return fallBack("the server does not offer STARTTLS");
        }
        // STARTTLS is sent alone, never pipelined, and its go-ahead is the last line read before the switch.
        return command("STARTTLS").flatMap(reply -> {
            if (reply.code() == 220) {
                extensions = SmtpExtensions.NONE; // nothing learned in plaintext is trusted after the upgrade
                return connection.upgradeToTls().then(ehlo());
            }
            if (mode == TlsMode.STARTTLS_REQUIRED) {
                return quietQuit()
                        .then(Mono.error(new TlsRequiredException(
                                "the SMTP server refused STARTTLS: " + reply + "; TlsMode.STARTTLS_REQUIRED")));
            }
            return fallBack("the server refused STARTTLS (" + reply + ")");
        });
    }

    private Mono<Void> fallBack(String why) {
        String warning = why + ": continuing in plaintext (TlsMode.STARTTLS_OPPORTUNISTIC)";
        warnings.add(warning);
        log.warn("{}: {}", connection.remoteAddress(), warning);
        connection.metrics().opportunisticFallback("smtp");
        return Mono.empty();
    }

    // ---- AUTH

    private Mono<Void> authenticate() {
        Authenticator authenticator = options.authenticator();
        if (authenticator == null) {
            return Mono.empty();
        }
        if (!connection.isSecure() && !(options.tlsMode() == TlsMode.NONE && options.allowPlaintextAuth())) {
            return quietQuit()
                    .then(Mono.error(new TlsRequiredException("refusing to send credentials without TLS to "
                            + connection.remoteAddress() + " (only TlsMode.NONE with allowPlaintextAuth permits it)")));
        }
        return authenticator.authenticate(connection, replies, extensions).doOnSuccess(v -> authenticated = true);
    }

    // ---- transactions

    @Override
    public Mono<SendResult> send(SmtpMessage message) {
        return Mono.defer(() -> {
            if (!busy.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("a transaction is already running on this session"));
            }
            lastSendInDoubt = false;
            return new Transaction(this, message)
                    .run()
                    .map(result -> {
                        List<String> all = new ArrayList<>(warnings);
                        all.addAll(result.warnings());
                        return new SendResult(
                                result.accepted(),
                                result.rejected(),
                                result.reply(),
                                result.queueId(),
                                connection.isSecure(),
                                all);
                    })
                    // Free the session before the result travels on: the caller (or the pool) may reuse it at once.
                    .doOnSuccess(result -> idle())
                    .doOnError(error -> idle())
                    .doOnCancel(this::idle);
        });
    }

    private void idle() {
        lastUsedNanos = System.nanoTime();
        busy.set(false);
    }

    @Override
    public Mono<SmtpReply> reset() {
        return command("RSET");
    }

    @Override
    public Mono<SmtpReply> noop() {
        return command("NOOP").doOnNext(r -> lastUsedNanos = System.nanoTime());
    }

    @Override
    public Mono<Void> quit() {
        return quietQuit();
    }

    /** QUIT and close, ignoring a server that has already gone. */
    Mono<Void> quietQuit() {
        Mono<Void> close = connection.close().onErrorResume(e -> Mono.empty());
        if (!connection.isOpen()) {
            return close;
        }
        return command("QUIT")
                .timeout(Duration.ofSeconds(10))
                .onErrorResume(e -> Mono.empty())
                .then(close);
    }

    /** Sends one command and reads its reply. */
    Mono<SmtpReply> command(String line) {
        return connection.send(line).then(replies.next());
    }

    // ---- state for transactions and the pool

    LineConnection connection() {
        return connection;
    }

    ReplyReader replies() {
        return replies;
    }

    SessionOptions options() {
        return options;
    }

    /** A transaction starts sending: until it ends cleanly the session is out of step. */
    void transactionStarted() {
        inStep = false;
    }

    /** The transaction ended in a state the server agrees with (accepted, or refused and reset). */
    void transactionEnded() {
        inStep = true;
    }

    /** Whether the session can run another transaction: no transaction is half-done. */
    public boolean inStep() {
        return inStep;
    }

    /** The end of the message data is on the wire: until its reply arrives, a failure leaves delivery unknown. */
    void markInDoubt() {
        lastSendInDoubt = true;
    }

    /** The server answered the end of data: whatever it said, the outcome is known. */
    void settled() {
        lastSendInDoubt = false;
    }

    /**
     * Whether the last failed send may nevertheless have been delivered: its data was sent but the server's answer
     * never arrived. Such a send must not be retried automatically (it could deliver twice).
     */
    public boolean lastSendInDoubt() {
        return lastSendInDoubt;
    }

    /** Nanos since the last use (for idle eviction and validation). */
    public long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    @Override
    public SmtpExtensions extensions() {
        return extensions;
    }

    @Override
    public boolean isSecure() {
        return connection.isSecure();
    }

    @Override
    public Optional<TlsInfo> tls() {
        return connection.tls();
    }

    @Override
    public boolean isAuthenticated() {
        return authenticated;
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** RFC 5321 section 4.1.3: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
    static String addressLiteral(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            int zone = host.indexOf('%');
            if (zone >= 0) {
                host = host.substring(0, zone);
            }
            return inet.getAddress() instanceof Inet6Address ? "[IPv6:" + host + "]" : "[" + host + "]";
        }
        return "[127.0.0.1]";
    }

    @Override
    public String toString() {
        return "SmtpSession[" + connection.remoteAddress() + (isSecure() ? ", tls" : "") + "]";
    }
}
