package dev.startle.core;

import dev.startle.core.internal.BoundLineServer;
import dev.startle.core.internal.ConnectionSettings;
import dev.startle.core.internal.DefaultLineConnection;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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

    /** The configuration; never mutated once a LineServer holds it. */
    private static final class Spec implements Cloneable {
        String host = "127.0.0.1";
        int port;
        TlsMode tlsMode = TlsMode.STARTTLS_OPPORTUNISTIC;
        TlsSettings tls = TlsSettings.defaults();
        LineFraming framing = LineFraming.strict();
        Duration readTimeout = Duration.ofMinutes(5);
        Duration idleTimeout;
        int maxConnections = 1000;
        String busyLine;
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

    private LineServer(Spec spec) {
        this.spec = spec;
    }

    /** A server with the defaults listed on the type, on 127.0.0.1 and an ephemeral port. */
    public static LineServer create() {
        return new LineServer(new Spec());
    }

    private LineServer with(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new LineServer(copy);
    }

    /** The address to bind, e.g. {@code "0.0.0.0"} for all interfaces. */
    public LineServer host(String host) {
        Objects.requireNonNull(host, "host");
        return with(s -> s.host = host);
    }

    /** The port; 0 (the default) picks a free one, see {@link DisposableServer#port()}. */
    public LineServer port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return with(s -> s.port = port);
    }

    /**
     * The TLS mode: {@link TlsMode#IMPLICIT} handshakes before the handler runs; the STARTTLS modes allow
     * {@code upgradeToTls(goAhead)} (whether it is required is the protocol's rule); {@link TlsMode#NONE} forbids it.
     */
    public LineServer tlsMode(TlsMode mode) {
        Objects.requireNonNull(mode, "mode");
        return with(s -> s.tlsMode = mode);
    }

    /** The TLS settings; must carry key material unless the mode is {@link TlsMode#NONE}. */
    public LineServer tls(TlsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return with(s -> s.tls = settings);
    }

    /** The line framing (maximum length, bare-LF policy). */
    public LineServer framing(LineFraming framing) {
        Objects.requireNonNull(framing, "framing");
        return with(s -> s.framing = framing);
    }

    /** The maximum line length in bytes: shorthand for {@code framing(LineFraming.strict(max))}. */
    public LineServer maxLineLength(int max) {
        return framing(LineFraming.strict(max));
    }

    /** How long a client may stay silent while a line is wanted; null for none. */
    public LineServer readTimeout(Duration timeout) {
        return with(s -> s.readTimeout = timeout);
    }

    /** How long a connection may carry no traffic at all before it is closed; null for none. */
    public LineServer idleTimeout(Duration timeout) {
        return with(s -> s.idleTimeout = timeout);
    }

    /**
     * At most {@code max} connections at once; a connection over the limit gets {@code busyLine} (if not null, e.g.
     * {@code "421 too busy"}) and is closed before the handler sees it.
     */
    public LineServer maxConnections(int max, String busyLine) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + max);
        }
        return with(s -> {
            s.maxConnections = max;
            s.busyLine = busyLine;
        });
    }

    /** Whether sockets are read ahead of demand up to a small bound (the default), or only when a line is wanted. */
    public LineServer readAhead(boolean enabled) {
        return with(s -> s.readAhead = enabled);
    }

    /** Logs conversations; see {@link Wiretap}. */
    public LineServer wiretap(Wiretap wiretap) {
        Objects.requireNonNull(wiretap, "wiretap");
        return with(s -> s.wiretap = wiretap);
    }

    /** Reports connection and upgrade events. */
    public LineServer metrics(StartleMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        return with(s -> s.metrics = metrics);
    }

    /** Runs on these event loops instead of Reactor Netty's shared ones. */
    public LineServer runOn(LoopResources loops) {
        Objects.requireNonNull(loops, "loops");
        return with(s -> s.loops = loops);
    }

    /** The configured TLS mode. */
    public TlsMode tlsMode() {
        return spec.tlsMode;
    }

    /** The configured TLS settings. */
    public TlsSettings tls() {
        return spec.tls;
    }

    /** The configured wiretap. */
    public Wiretap wiretap() {
        return spec.wiretap;
    }

    /**
     * Binds and serves each accepted connection with {@code handler}; the connection closes when the handler's
     * publisher terminates (an error is logged at DEBUG). Emits the bound server; disposing it stops accepting and
     * closes the open connections (disposeNow(timeout) first lets them finish within the timeout).
     */
    public Mono<DisposableServer> bind(Function<? super LineConnection, ? extends Publisher<Void>> handler) {
        Objects.requireNonNull(handler, "handler");
        return Mono.defer(() -> {
            Spec s = spec;
            if (s.tlsMode != TlsMode.NONE && !s.tls.hasKeyMaterial()) {
                return Mono.error(new IllegalStateException("a server in " + s.tlsMode
                        + " needs key material: tls(TlsSettings.defaults().withKeyMaterial(...)) or tlsMode(NONE)"));
            }
            // Building a context reads key material (blocking): resolved before binding, off the event loop.
            Mono<Optional<SslContext>> prepared = s.tlsMode == TlsMode.NONE
                    ? Mono.just(Optional.empty())
                    : SslContexts.resolve(s.tls, Role.SERVER).map(Optional::of);
            return prepared.flatMap(context -> bind(context.orElse(null), handler));
        });
    }

    private Mono<DisposableServer> bind(
            SslContext context, Function<? super LineConnection, ? extends Publisher<Void>> handler) {
        Spec s = spec;
        ConnectionSettings settings = new ConnectionSettings(
                Role.SERVER,
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
                null,
                s.port);
        AtomicInteger active = new AtomicInteger();
        // Tracked so that disposing the server closes them too.
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        TcpServer tcp = TcpServer.create()
                .host(s.host)
                .port(s.port)
                .childOption(ChannelOption.AUTO_READ, false)
                .doOnChannelInit((observer, channel, address) -> {
                    connections.add(channel);
                    DefaultLineConnection.install(channel, settings);
                })
                .handle((in, out) -> {
                    Connection[] connection = new Connection[1];
                    in.withConnection(c -> connection[0] = c);
                    return serve(DefaultLineConnection.of(connection[0].channel()), s, handler, active);
                });
        if (s.loops != null) {
            tcp = tcp.runOn(s.loops);
        }
        return tcp.bind().map(server -> new BoundLineServer(server, connections));
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
            Spec s,
            Function<? super LineConnection, ? extends Publisher<Void>> handler,
            AtomicInteger active) {
        if (active.incrementAndGet() > s.maxConnections) {
            active.decrementAndGet();
            s.metrics.connectionRejected(Role.SERVER);
            return s.busyLine == null ? Mono.empty() : c.send(s.busyLine).onErrorResume(e -> Mono.empty());
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
        return "LineServer[" + spec.host + ":" + spec.port + ", " + spec.tlsMode + "]";
    }
}
