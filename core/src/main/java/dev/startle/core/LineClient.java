package dev.startle.core;

import dev.startle.core.internal.ConnectionSettings;
import dev.startle.core.internal.DefaultLineConnection;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

/**
 * Opens {@link LineConnection}s. Immutable: every setter returns a changed copy, so a configured client can be shared
 * and reused (reuse also lets TLS sessions resume). Nothing happens until {@link #connect()} is subscribed.
 *
 * <pre>{@code
 * LineClient client = LineClient.create()
 *         .host("mail.example.org").port(587)
 *         .tlsMode(TlsMode.STARTTLS_REQUIRED)
 *         .readTimeout(Duration.ofSeconds(30));
 * Mono<LineConnection> connection = client.connect();
 * }</pre>
 *
 * Defaults: {@link TlsMode#STARTTLS_REQUIRED}, {@link TlsSettings#defaults()}, strict CRLF lines of at most 8192
 * bytes, 10 s connect timeout, 60 s read timeout, no idle timeout, read-ahead on, no wiretap, Reactor Netty's shared
 * event loops.
 */
public final class LineClient {
    /** The configuration; never mutated once a LineClient holds it. */
    private static final class Spec implements Cloneable {
        String host = "localhost";
        int port = -1;
        TlsMode tlsMode = TlsMode.STARTTLS_REQUIRED;
        TlsSettings tls = TlsSettings.defaults();
        LineFraming framing = LineFraming.strict();
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration readTimeout = Duration.ofSeconds(60);
        Duration idleTimeout;
        boolean readAhead = true;
        Wiretap wiretap = Wiretap.disabled();
        StartleMetrics metrics = StartleMetrics.NOOP;
        LoopResources loops;

        Spec copy() {
            try {
                return (Spec) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Spec spec;

    private LineClient(Spec spec) {
        this.spec = spec;
    }

    /** A client with the defaults listed on the type, for {@code localhost}; set at least the port. */
    public static LineClient create() {
        return new LineClient(new Spec());
    }

    private LineClient with(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new LineClient(copy);
    }

    /** The host to connect to; also the name for SNI and hostname verification unless the TLS settings override it. */
    public LineClient host(String host) {
        Objects.requireNonNull(host, "host");
        return with(s -> s.host = host);
    }

    /** The port to connect to. */
    public LineClient port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return with(s -> s.port = port);
    }

    /** The TLS mode; {@link TlsMode#IMPLICIT} handshakes right after connecting. */
    public LineClient tlsMode(TlsMode mode) {
        Objects.requireNonNull(mode, "mode");
        return with(s -> s.tlsMode = mode);
    }

    /** The TLS settings for the upgrade (or the implicit handshake). */
    public LineClient tls(TlsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return with(s -> s.tls = settings);
    }

    /** The line framing (maximum length, bare-LF policy). */
    public LineClient framing(LineFraming framing) {
        Objects.requireNonNull(framing, "framing");
        return with(s -> s.framing = framing);
    }

    /** The maximum line length in bytes: shorthand for {@code framing(LineFraming.strict(max))}. */
    public LineClient maxLineLength(int max) {
        return framing(LineFraming.strict(max));
    }

    /** How long establishing the TCP connection may take. */
    public LineClient connectTimeout(Duration timeout) {
        Duration t = positive(timeout);
        return with(s -> s.connectTimeout = t);
    }

    /** How long the peer may stay silent while a line is wanted ({@link ReadTimeoutException}); null for none. */
    public LineClient readTimeout(Duration timeout) {
        Duration t = timeout == null ? null : positive(timeout);
        return with(s -> s.readTimeout = t);
    }

    /** How long the connection may carry no traffic at all before it is closed ({@link IdleTimeoutException}). */
    public LineClient idleTimeout(Duration timeout) {
        Duration t = timeout == null ? null : positive(timeout);
        return with(s -> s.idleTimeout = t);
    }

    /**
     * Whether the socket is read ahead of demand, up to a small bound (64 KiB), like Netty's AUTO_READ (the default);
     * {@code false} reads only when a line is wanted.
     */
    public LineClient readAhead(boolean enabled) {
        return with(s -> s.readAhead = enabled);
    }

    /** Logs the conversation; see {@link Wiretap}. */
    public LineClient wiretap(Wiretap wiretap) {
        Objects.requireNonNull(wiretap, "wiretap");
        return with(s -> s.wiretap = wiretap);
    }

    /** Reports connection and upgrade events; see {@link StartleMetrics}. */
    public LineClient metrics(StartleMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        return with(s -> s.metrics = metrics);
    }

    /** Runs connections on these event loops instead of Reactor Netty's shared ones. */
    public LineClient runOn(LoopResources loops) {
        Objects.requireNonNull(loops, "loops");
        return with(s -> s.loops = loops);
    }

    /** The configured host. */
    public String host() {
        return spec.host;
    }

    /** The configured port, -1 when unset. */
    public int port() {
        return spec.port;
    }

    /** The configured TLS mode. */
    public TlsMode tlsMode() {
        return spec.tlsMode;
    }

    /** The configured TLS settings. */
    public TlsSettings tls() {
        return spec.tls;
    }

    /**
     * Connects. Emits the connection when TCP is up (and, for {@link TlsMode#IMPLICIT}, the handshake succeeded);
     * fails with the connect error, or a {@link TlsHandshakeException}.
     */
    public Mono<LineConnection> connect() {
        return Mono.defer(() -> {
            if (spec.port < 0) {
                return Mono.error(new IllegalStateException("no port configured: LineClient.port(int)"));
            }
            // Building a context reads trust material (blocking): resolved before connecting, off the event loop.
            Mono<Optional<SslContext>> prepared = spec.tlsMode == TlsMode.NONE
                    ? Mono.just(Optional.empty())
                    : SslContexts.resolve(spec.tls, Role.CLIENT).map(Optional::of);
            return prepared.flatMap(context -> connect(context.orElse(null)));
        });
    }

    private Mono<LineConnection> connect(SslContext context) {
        Spec s = spec;
        ConnectionSettings settings = new ConnectionSettings(
                Role.CLIENT,
                s.tlsMode,
                s.tls,
                SslContexts::resolve,
                context,
                s.framing,
                s.readAhead,
                s.readTimeout,
                s.idleTimeout,
                s.wiretap,
                s.metrics,
                s.host,
                s.port);
        TcpClient tcp = TcpClient.newConnection()
                .host(s.host)
                .port(s.port)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) s.connectTimeout.toMillis())
                .doOnChannelInit((observer, channel, address) -> DefaultLineConnection.install(channel, settings));
        if (s.loops != null) {
            tcp = tcp.runOn(s.loops);
        }
        return tcp.connect().flatMap(connection -> {
            DefaultLineConnection c = DefaultLineConnection.of(connection.channel());
            c.countOpened();
            return c.ready().doOnCancel(connection::dispose).doOnError(e -> connection.dispose());
        });
    }

    /** Connects and blocks until connected, for samples and tests only. */
    public LineConnection connectNow() {
        return connectNow(spec.connectTimeout.plus(spec.tls.handshakeTimeout()));
    }

    /** Connects and blocks at most {@code timeout}, for samples and tests only. */
    public LineConnection connectNow(Duration timeout) {
        LineConnection c = connect().block(timeout);
        if (c == null) {
            throw new IllegalStateException("connect completed without a connection");
        }
        return c;
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "LineClient[" + spec.host + ":" + spec.port + ", " + spec.tlsMode + "]";
    }
}
