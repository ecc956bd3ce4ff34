package dev.startle.core;

import dev.startle.core.internal.ConnectionSettings;
import dev.startle.core.internal.DefaultLineConnection;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
    private final String host;
    private final int port;
    private final TlsMode tlsMode;
    private final TlsSettings tls;
    private final LineFraming framing;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final boolean readAhead;
    private final Wiretap wiretap;
    private final StartleMetrics metrics;
    private final LoopResources loops;

    private LineClient(
            String host,
            int port,
            TlsMode tlsMode,
            TlsSettings tls,
            LineFraming framing,
            Duration connectTimeout,
            Duration readTimeout,
            Duration idleTimeout,
            boolean readAhead,
            Wiretap wiretap,
            StartleMetrics metrics,
            LoopResources loops) {
        this.host = host;
        this.port = port;
        this.tlsMode = tlsMode;
        this.tls = tls;
        this.framing = framing;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.idleTimeout = idleTimeout;
        this.readAhead = readAhead;
        this.wiretap = wiretap;
        this.metrics = metrics;
        this.loops = loops;
    }

    /** A client with the defaults listed on the type, for {@code localhost}; set at least the port. */
    public static LineClient create() {
        return new LineClient(
                "localhost",
                -1,
                TlsMode.STARTTLS_REQUIRED,
                TlsSettings.defaults(),
                LineFraming.strict(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                null,
                true,
                Wiretap.disabled(),
                StartleMetrics.NOOP,
                null);
    }

    /** The host to connect to; also the name for SNI and hostname verification unless the TLS settings override it. */
    public LineClient host(String host) {
        return new LineClient(
                Objects.requireNonNull(host, "host"),
                port,
                tlsMode,
                tls,
                framing,
                connectTimeout,
                readTimeout,
                idleTimeout,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The port to connect to. */
    public LineClient port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                framing,
                connectTimeout,
                readTimeout,
                idleTimeout,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The TLS mode; {@link TlsMode#IMPLICIT} handshakes right after connecting. */
    public LineClient tlsMode(TlsMode mode) {
        return new LineClient(
                host,
                port,
                Objects.requireNonNull(mode, "mode"),
                tls,
                framing,
                connectTimeout,
                readTimeout,
                idleTimeout,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The TLS settings for the upgrade (or the implicit handshake). */
    public LineClient tls(TlsSettings settings) {
        return new LineClient(
                host,
                port,
                tlsMode,
                Objects.requireNonNull(settings, "settings"),
                framing,
                connectTimeout,
                readTimeout,
                idleTimeout,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The line framing (maximum length, bare-LF policy). */
    public LineClient framing(LineFraming framing) {
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                Objects.requireNonNull(framing, "framing"),
                connectTimeout,
                readTimeout,
                idleTimeout,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The maximum line length in bytes: shorthand for {@code framing(LineFraming.strict(max))}. */
    public LineClient maxLineLength(int max) {
        return framing(LineFraming.strict(max));
    }

    /** How long establishing the TCP connection may take. */
    public LineClient connectTimeout(Duration timeout) {
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                framing,
                positive(timeout),
                readTimeout,
                idleTimeout,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** How long the peer may stay silent while a line is wanted ({@link ReadTimeoutException}); null for none. */
    public LineClient readTimeout(Duration timeout) {
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                framing,
                connectTimeout,
                timeout == null ? null : positive(timeout),
                idleTimeout,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** How long the connection may carry no traffic at all before it is closed ({@link IdleTimeoutException}). */
    public LineClient idleTimeout(Duration timeout) {
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                framing,
                connectTimeout,
                readTimeout,
                timeout == null ? null : positive(timeout),
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /**
     * Whether the socket is read ahead of demand, up to a small bound (64 KiB), like Netty's AUTO_READ (the default);
     * {@code false} reads only when a line is wanted.
     */
    public LineClient readAhead(boolean enabled) {
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                framing,
                connectTimeout,
                readTimeout,
                idleTimeout,
                enabled,
                wiretap,
                metrics,
                loops);
    }

    /** Logs the conversation; see {@link Wiretap}. */
    public LineClient wiretap(Wiretap wiretap) {
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                framing,
                connectTimeout,
                readTimeout,
                idleTimeout,
                readAhead,
                Objects.requireNonNull(wiretap, "wiretap"),
                metrics,
                loops);
    }

    /** Reports connection and upgrade events; see {@link StartleMetrics}. */
    public LineClient metrics(StartleMetrics metrics) {
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                framing,
                connectTimeout,
                readTimeout,
                idleTimeout,
                readAhead,
                wiretap,
                Objects.requireNonNull(metrics, "metrics"),
                loops);
    }

    /** Runs connections on these event loops instead of Reactor Netty's shared ones. */
    public LineClient runOn(LoopResources loops) {
        return new LineClient(
                host,
                port,
                tlsMode,
                tls,
                framing,
                connectTimeout,
                readTimeout,
                idleTimeout,
                readAhead,
                wiretap,
                metrics,
                Objects.requireNonNull(loops, "loops"));
    }

    /** The configured host. */
    public String host() {
        return host;
    }

    /** The configured port, -1 when unset. */
    public int port() {
        return port;
    }

    /** The configured TLS mode. */
    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** The configured TLS settings. */
    public TlsSettings tls() {
        return tls;
    }

    /**
     * Connects. Emits the connection when TCP is up (and, for {@link TlsMode#IMPLICIT}, the handshake succeeded);
     * fails with the connect error, or a {@link TlsHandshakeException}.
     */
    public Mono<LineConnection> connect() {
        return Mono.defer(() -> {
            if (port < 0) {
                return Mono.error(new IllegalStateException("no port configured: LineClient.port(int)"));
            }
            // Building a context reads trust material (blocking): resolved before connecting, off the event loop.
            Mono<Optional<SslContext>> prepared = tlsMode == TlsMode.NONE
                    ? Mono.just(Optional.empty())
                    : SslContexts.resolve(tls, Role.CLIENT).map(Optional::of);
            return prepared.flatMap(context -> connect(context.orElse(null)));
        });
    }

    private Mono<LineConnection> connect(SslContext context) {
        ConnectionSettings settings = new ConnectionSettings(
                Role.CLIENT,
                tlsMode,
                tls,
                SslContexts::resolve,
                context,
                framing,
                readAhead,
                readTimeout,
                idleTimeout,
                wiretap,
                metrics,
                host,
                port);
        TcpClient tcp = TcpClient.newConnection()
                .host(host)
                .port(port)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .doOnChannelInit((observer, channel, address) -> DefaultLineConnection.install(channel, settings));
        if (loops != null) {
            tcp = tcp.runOn(loops);
        }
        return tcp.connect().flatMap(connection -> {
            DefaultLineConnection c = DefaultLineConnection.of(connection.channel());
            c.countOpened();
            return c.ready().doOnCancel(connection::dispose).doOnError(e -> connection.dispose());
        });
    }

    /** Connects and blocks until connected, for samples and tests only. */
    public LineConnection connectNow() {
        return connectNow(connectTimeout.plus(tls.handshakeTimeout()));
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
        return "LineClient[" + host + ":" + port + ", " + tlsMode + "]";
    }
}
