package dev.startle.core;

import dev.startle.core.internal.ConnectionSettings;
import dev.startle.core.internal.DefaultLineConnection;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * Accepts {@link LineConnection}s and hands each to a handler. Immutable: every setter returns a changed copy.
 * Binds to {@code 127.0.0.1} unless told otherwise.
 *
 * <pre>{@code
 * DisposableServer server = LineServer.create()
 *         .port(2525)
 *         .tls(TlsSettings.defaults().withKeyMaterial(chain, key))
 *         .bindNow(connection -> connection.send("220 ready")
 *                 .thenMany(connection.lines())
 *                 .concatMap(line -> handle(connection, line), 0)  // one line at a time: upgrade-safe
 *                 .then());
 * }</pre>
 *
 * The connection closes when the handler's publisher terminates. Defaults: {@link TlsMode#STARTTLS_OPPORTUNISTIC}
 * (upgrades are possible when the protocol offers them), strict CRLF lines of at most 8192 bytes, 5 minute read
 * timeout, at most 1,000 connections.
 */
public final class LineServer {
    private static final Logger log = LoggerFactory.getLogger(LineServer.class);

    private final String host;
    private final int port;
    private final TlsMode tlsMode;
    private final TlsSettings tls;
    private final LineFraming framing;
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final String busyLine;
    private final boolean readAhead;
    private final Wiretap wiretap;
    private final StartleMetrics metrics;
    private final LoopResources loops;

    private LineServer(
            String host,
            int port,
            TlsMode tlsMode,
            TlsSettings tls,
            LineFraming framing,
            Duration readTimeout,
            Duration idleTimeout,
            int maxConnections,
            String busyLine,
            boolean readAhead,
            Wiretap wiretap,
            StartleMetrics metrics,
            LoopResources loops) {
        this.host = host;
        this.port = port;
        this.tlsMode = tlsMode;
        this.tls = tls;
        this.framing = framing;
        this.readTimeout = readTimeout;
        this.idleTimeout = idleTimeout;
        this.maxConnections = maxConnections;
        this.busyLine = busyLine;
        this.readAhead = readAhead;
        this.wiretap = wiretap;
        this.metrics = metrics;
        this.loops = loops;
    }

    /** A server with the defaults listed on the type, on 127.0.0.1 and an ephemeral port. */
    public static LineServer create() {
        return new LineServer(
                "127.0.0.1",
                0,
                TlsMode.STARTTLS_OPPORTUNISTIC,
                TlsSettings.defaults(),
                LineFraming.strict(),
                Duration.ofMinutes(5),
                null,
                1000,
                null,
                true,
                Wiretap.disabled(),
                StartleMetrics.NOOP,
                null);
    }

    /** The address to bind, e.g. {@code "0.0.0.0"} for all interfaces. */
    public LineServer host(String host) {
        return new LineServer(
                Objects.requireNonNull(host, "host"),
                port,
                tlsMode,
                tls,
                framing,
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The port; 0 (the default) picks a free one, see {@link DisposableServer#port()}. */
    public LineServer port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                framing,
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /**
     * The TLS mode: {@link TlsMode#IMPLICIT} handshakes before the handler runs; the STARTTLS modes allow
     * {@code upgradeToTls(goAhead)} (whether it is required is the protocol's rule); {@link TlsMode#NONE} forbids it.
     */
    public LineServer tlsMode(TlsMode mode) {
        return new LineServer(
                host,
                port,
                Objects.requireNonNull(mode, "mode"),
                tls,
                framing,
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The TLS settings; must carry key material unless the mode is {@link TlsMode#NONE}. */
    public LineServer tls(TlsSettings settings) {
        return new LineServer(
                host,
                port,
                tlsMode,
                Objects.requireNonNull(settings, "settings"),
                framing,
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The line framing (maximum length, bare-LF policy). */
    public LineServer framing(LineFraming framing) {
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                Objects.requireNonNull(framing, "framing"),
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** The maximum line length in bytes: shorthand for {@code framing(LineFraming.strict(max))}. */
    public LineServer maxLineLength(int max) {
        return framing(LineFraming.strict(max));
    }

    /** How long a client may stay silent while a line is wanted; null for none. */
    public LineServer readTimeout(Duration timeout) {
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                framing,
                timeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** How long a connection may carry no traffic at all before it is closed; null for none. */
    public LineServer idleTimeout(Duration timeout) {
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                framing,
                readTimeout,
                timeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /**
     * At most {@code max} connections at once; a connection over the limit gets {@code busyLine} (if not null, e.g.
     * {@code "421 too busy"}) and is closed before the handler sees it.
     */
    public LineServer maxConnections(int max, String busyLine) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + max);
        }
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                framing,
                readTimeout,
                idleTimeout,
                max,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                loops);
    }

    /** Whether sockets are read ahead of demand up to a small bound (the default), or only when a line is wanted. */
    public LineServer readAhead(boolean enabled) {
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                framing,
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                enabled,
                wiretap,
                metrics,
                loops);
    }

    /** Logs conversations; see {@link Wiretap}. */
    public LineServer wiretap(Wiretap wiretap) {
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                framing,
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                Objects.requireNonNull(wiretap, "wiretap"),
                metrics,
                loops);
    }

    /** Reports connection and upgrade events. */
    public LineServer metrics(StartleMetrics metrics) {
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                framing,
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                Objects.requireNonNull(metrics, "metrics"),
                loops);
    }

    /** Runs on these event loops instead of Reactor Netty's shared ones. */
    public LineServer runOn(LoopResources loops) {
        return new LineServer(
                host,
                port,
                tlsMode,
                tls,
                framing,
                readTimeout,
                idleTimeout,
                maxConnections,
                busyLine,
                readAhead,
                wiretap,
                metrics,
                Objects.requireNonNull(loops, "loops"));
    }

    /** The configured TLS mode. */
    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** The configured TLS settings. */
    public TlsSettings tls() {
        return tls;
    }

    /** The configured wiretap. */
    public Wiretap wiretap() {
        return wiretap;
    }

    /**
     * Binds and serves each accepted connection with {@code handler}; the connection closes when the handler's
     * publisher terminates (an error is logged at DEBUG). Emits the bound server; dispose it to stop accepting.
     */
    public Mono<DisposableServer> bind(Function<? super LineConnection, ? extends Publisher<Void>> handler) {
        Objects.requireNonNull(handler, "handler");
        return Mono.defer(() -> {
            if (tlsMode != TlsMode.NONE && !tls.hasKeyMaterial()) {
                return Mono.error(new IllegalStateException("a server in " + tlsMode
                        + " needs key material: tls(TlsSettings.defaults().withKeyMaterial(...)) or tlsMode(NONE)"));
            }
            // Building a context reads key material (blocking): resolved before binding, off the event loop.
            Mono<Optional<SslContext>> prepared = tlsMode == TlsMode.NONE
                    ? Mono.just(Optional.empty())
                    : SslContexts.resolve(tls, Role.SERVER).map(Optional::of);
            return prepared.flatMap(context -> bind(context.orElse(null), handler));
        });
    }

    private Mono<DisposableServer> bind(
            SslContext context, Function<? super LineConnection, ? extends Publisher<Void>> handler) {
        ConnectionSettings settings = new ConnectionSettings(
                Role.SERVER,
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
                null,
                port);
        AtomicInteger active = new AtomicInteger();
        TcpServer tcp = TcpServer.create()
                .host(host)
                .port(port)
                .childOption(ChannelOption.AUTO_READ, false)
                .doOnChannelInit((observer, channel, address) -> DefaultLineConnection.install(channel, settings))
                .handle((in, out) -> {
                    Connection[] connection = new Connection[1];
                    in.withConnection(c -> connection[0] = c);
                    return serve(DefaultLineConnection.of(connection[0].channel()), handler, active);
                });
        if (loops != null) {
            tcp = tcp.runOn(loops);
        }
        return tcp.bind().map(server -> (DisposableServer) server);
    }

    /** Binds and blocks until bound, for samples and tests only. */
    public DisposableServer bindNow(Function<? super LineConnection, ? extends Publisher<Void>> handler) {
        DisposableServer server = bind(handler).block(Duration.ofSeconds(30));
        if (server == null) {
            throw new IllegalStateException("bind completed without a server");
        }
        return server;
    }

    private Mono<Void> serve(
            DefaultLineConnection c,
            Function<? super LineConnection, ? extends Publisher<Void>> handler,
            AtomicInteger active) {
        if (active.incrementAndGet() > maxConnections) {
            active.decrementAndGet();
            metrics.connectionRejected(Role.SERVER);
            return busyLine == null ? Mono.empty() : c.send(busyLine).onErrorResume(e -> Mono.empty());
        }
        c.countOpened();
        return c.ready()
                .flatMap(ready -> Mono.from(handler.apply(ready)))
                .onErrorResume(e -> {
                    log.debug("handler of {} ended with an error", c, e);
                    return Mono.empty();
                })
                .doFinally(signal -> active.decrementAndGet());
    }

    @Override
    public String toString() {
        return "LineServer[" + host + ":" + port + ", " + tlsMode + "]";
    }
}
