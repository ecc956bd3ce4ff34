package dev.startle.smtp.server;

import dev.startle.core.LineFraming;
import dev.startle.core.LineServer;
import dev.startle.core.StartleMetrics;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.core.Wiretap;
import dev.startle.core.WiretapListener.Direction;
import dev.startle.smtp.internal.server.ServerSession;
import dev.startle.smtp.internal.server.ServerSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;

/**
 * A reactive SMTP (or LMTP) server with STARTTLS. Immutable configuration: every setter returns a changed copy.
 *
 * <pre>{@code
 * DisposableServer server = SmtpServer.create()
 *         .port(2525)
 *         .tls(TlsSettings.defaults().withKeyMaterial(chain, key))
 *         .tlsMode(TlsMode.STARTTLS_REQUIRED)                   // 530 before STARTTLS
 *         .bindNow(message -> message.bytes().doOnNext(store::save).then());
 * }</pre>
 *
 * TLS modes: {@link TlsMode#STARTTLS_OPPORTUNISTIC} (the default: STARTTLS offered), {@link TlsMode#STARTTLS_REQUIRED}
 * (AUTH, MAIL, RCPT, DATA refused with {@code 530 5.7.0} until STARTTLS), {@link TlsMode#IMPLICIT} (port 465 style) or
 * {@link TlsMode#NONE}. AUTH is never offered before TLS unless {@link #allowPlaintextAuth(boolean)}. Defaults: binds
 * 127.0.0.1 on a free port, host name {@code localhost}, 25 MiB maximum message size, 100 recipients, 1,000
 * connections, 5 minute command timeout, bare CR/LF rejected. The wiretap masks AUTH credentials and never logs data.
 */
public final class SmtpServer {
    private static final Pattern AUTH_LINE = Pattern.compile("(?i)^(AUTH\\s+\\S+)\\s+\\S.*$");

    /** The configuration; never mutated once an SmtpServer holds it. */
    private static final class Spec implements Cloneable {
        LineServer lines = LineServer.create()
                .readTimeout(Duration.ofMinutes(5))
                .maxConnections(1000, "421 4.3.2 Too many connections, try again later");
        String hostname = "localhost";
        long maxMessageSize = 25L << 20;
        int maxRecipients = 100;
        PasswordAuthenticator authenticator;
        boolean requireAuth;
        boolean allowPlaintextAuth;
        LineEndingPolicy lineEndings = LineEndingPolicy.REJECT;
        boolean lmtp;

        Spec copy() {
            try {
                return (Spec) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Spec spec;

    private SmtpServer(Spec spec) {
        this.spec = spec;
    }

    /** An SMTP server with the defaults listed on the type. */
    public static SmtpServer create() {
        return new SmtpServer(new Spec());
    }

    /** An LMTP server (RFC 2033): LHLO, and one reply per recipient after the data. Otherwise the same. */
    public static SmtpServer createLmtp() {
        return create().with(s -> s.lmtp = true);
    }

    private SmtpServer with(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new SmtpServer(copy);
    }

    private SmtpServer lines(UnaryOperator<LineServer> change) {
        LineServer changed = change.apply(spec.lines);
        return with(s -> s.lines = changed);
    }

    /** The address to bind, e.g. {@code "0.0.0.0"}. */
    public SmtpServer host(String host) {
        return lines(l -> l.host(host));
    }

    /** The port; 0 picks a free one (see {@link DisposableServer#port()}). */
    public SmtpServer port(int port) {
        return lines(l -> l.port(port));
    }

    /** The TLS mode; see the type's Javadoc. */
    public SmtpServer tlsMode(TlsMode mode) {
        return lines(l -> l.tlsMode(mode));
    }

    /** TLS settings with the server's key material. */
    public SmtpServer tls(TlsSettings settings) {
        return lines(l -> l.tls(settings));
    }

    /** At most {@code max} connections; more are told {@code 421} and closed. */
    public SmtpServer maxConnections(int max) {
        return lines(l -> l.maxConnections(max, "421 4.3.2 Too many connections, try again later"));
    }

    /** How long a client may take to send a command or a piece of data. */
    public SmtpServer commandTimeout(Duration timeout) {
        return lines(l -> l.readTimeout(timeout));
    }

    /** Logs conversations (AUTH credentials masked, message data summarised). */
    public SmtpServer wiretap(Wiretap wiretap) {
        return lines(l -> l.wiretap(wiretap));
    }

    /** Reports connections and upgrades. */
    public SmtpServer metrics(StartleMetrics metrics) {
        return lines(l -> l.metrics(metrics));
    }

    /** Runs on these event loops. */
    public SmtpServer runOn(LoopResources loops) {
        return lines(l -> l.runOn(loops));
    }

    /** The name in the greeting and the EHLO reply. */
    public SmtpServer hostname(String name) {
        if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("hostname must be a domain name: " + name);
        }
        return with(s -> s.hostname = name);
    }

    /** The largest message accepted, in bytes (announced with SIZE). */
    public SmtpServer maxMessageSize(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + bytes);
        }
        return with(s -> s.maxMessageSize = bytes);
    }

    /** The most recipients of one message; more get {@code 452 4.5.3}. */
    public SmtpServer maxRecipients(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxRecipients must be positive: " + max);
        }
        return with(s -> s.maxRecipients = max);
    }

    /**
     * Offers AUTH PLAIN and LOGIN, checked by {@code authenticator}; with {@code required}, MAIL FROM is refused
     * ({@code 530 5.7.0}) until a client authenticated (a submission server).
     */
    public SmtpServer auth(PasswordAuthenticator authenticator, boolean required) {
        Objects.requireNonNull(authenticator, "authenticator");
        return with(s -> {
            s.authenticator = authenticator;
            s.requireAuth = required;
        });
    }

    /** Offers AUTH before TLS too. Only for test servers: credentials then travel in plaintext. */
    public SmtpServer allowPlaintextAuth(boolean allow) {
        return with(s -> s.allowPlaintextAuth = allow);
    }

    /** What to do with bare CR or LF in message data; see {@link LineEndingPolicy}. */
    public SmtpServer lineEndings(LineEndingPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return with(s -> s.lineEndings = policy);
    }

    /** Binds and serves every connection with {@code handler}; emits the bound server, dispose it to stop. */
    public Mono<DisposableServer> bind(SmtpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        Spec s = spec;
        LineFraming commandFraming = LineFraming.strict(4096);
        ServerSettings settings = new ServerSettings(
                s.hostname,
                s.lines.tlsMode(),
                s.maxMessageSize,
                s.maxRecipients,
                s.authenticator,
                s.requireAuth,
                s.allowPlaintextAuth,
                s.lineEndings,
                s.lmtp,
                commandFraming,
                handler);
        return s.lines
                .framing(commandFraming)
                .wiretap(redacting(s.lines.wiretap()))
                .bind(c -> ServerSession.serve(c, settings));
    }

    /** Binds and blocks until bound, for samples and tests only. */
    public DisposableServer bindNow(SmtpHandler handler) {
        DisposableServer server = bind(handler).block(Duration.ofSeconds(30));
        if (server == null) {
            throw new IllegalStateException("bind completed without a server");
        }
        return server;
    }

    /** Masks credentials in {@code AUTH <mechanism> <initial response>} lines the client sends. */
    private static Wiretap redacting(Wiretap wiretap) {
        return wiretap.andRedactor((direction, line) ->
                direction == Direction.INBOUND ? AUTH_LINE.matcher(line).replaceFirst("$1 <redacted>") : line);
    }

    @Override
    public String toString() {
        return (spec.lmtp ? "LmtpServer[" : "SmtpServer[") + spec.hostname + ", " + spec.lines.tlsMode() + "]";
    }
}
