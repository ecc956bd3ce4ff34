package dev.startle.core.internal;

import dev.startle.core.ConnectionClosedException;
import dev.startle.core.Framing;
import dev.startle.core.Line;
import dev.startle.core.LineConnection;
import dev.startle.core.LineFraming;
import dev.startle.core.Role;
import dev.startle.core.StartTlsInjectionException;
import dev.startle.core.StartleException;
import dev.startle.core.StartleMetrics;
import dev.startle.core.TlsHandshakeException;
import dev.startle.core.TlsInfo;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.core.Wiretap;
import dev.startle.core.WiretapListener.Direction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * The one implementation of {@link LineConnection}, over a Netty channel set up by Reactor Netty.
 *
 * <p>Pipeline, head first: {@code [startle.tlsGuard] [startle.tls] ... [startle.idle] [startle.framer]
 * [reactor.right.reactiveBridge]}. The TLS handler goes at the true head, so everything above it, the wiretap
 * included, sees plaintext on both sides of the upgrade.
 */
public final class DefaultLineConnection implements LineConnection {
    /** The connection object of a channel. */
    public static final AttributeKey<DefaultLineConnection> KEY = AttributeKey.valueOf("startle.connection");

    static final String TLS = "startle.tls";
    static final String FRAMER = "startle.framer";
    static final String IDLE = "startle.idle";

    private static final AtomicLong IDS = new AtomicLong();

    private final Channel channel;
    private final ConnectionSettings settings;
    private final InboundFramer framer;
    private final String id;
    private final AtomicInteger redactions = new AtomicInteger();
    /** 0: new, 1: counted as opened in the metrics, 2: closed. Only a counted connection is counted as closed. */
    private final AtomicInteger counted = new AtomicInteger();

    private final Sinks.Empty<Void> closed = Sinks.empty();
    private volatile String redactionLabel;
    private volatile boolean secure;
    private volatile TlsInfo tlsInfo;
    private volatile Throwable failure;
    // handshake state, event loop only
    private boolean upgrading;
    private MonoSink<LineConnection> upgradeSink;
    private long handshakeStartMillis;
    private long handshakeStartNanos;
    private String sentServerName;

    private DefaultLineConnection(Channel channel, ConnectionSettings settings) {
        this.channel = channel;
        this.settings = settings;
        this.id = Long.toHexString(IDS.incrementAndGet()) + (settings.role() == Role.CLIENT ? "c" : "s");
        this.framer = new InboundFramer(this, settings.framing(), settings.readAhead(), settings.readTimeout());
    }

    /**
     * Installs the connection's handlers on a channel that has not read anything yet (auto-read off), before Reactor
     * Netty's bridge; with implicit TLS also the TLS handler, so the handshake starts when the channel becomes active.
     */
    public static DefaultLineConnection install(Channel channel, ConnectionSettings settings) {
        DefaultLineConnection c = new DefaultLineConnection(channel, settings);
        channel.attr(KEY).set(c);
        ChannelPipeline p = channel.pipeline();
        String bridge = p.get("reactor.right.reactiveBridge") != null ? "reactor.right.reactiveBridge" : null;
        if (bridge != null) {
            p.addBefore(bridge, FRAMER, c.framer);
        } else {
            p.addLast(FRAMER, c.framer);
        }
        if (settings.idleTimeout() != null) {
            p.addBefore(
                    FRAMER,
                    IDLE,
                    new IdleStateHandler(0, 0, settings.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        }
        if (settings.tlsMode() == TlsMode.IMPLICIT) {
            c.startImplicitTls();
        }
        channel.closeFuture().addListener(f -> c.onChannelClosed());
        return c;
    }

    /** The connection of a channel set up by {@link #install}. */
    public static DefaultLineConnection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** Completes with this connection when it is ready for lines: at once, or after the implicit-TLS handshake. */
    public Mono<LineConnection> ready() {
        if (settings.tlsMode() != TlsMode.IMPLICIT) {
            return Mono.just(this);
        }
        return Mono.create(sink -> onLoop(() -> {
            if (secure) {
                sink.success(this);
            } else if (failure != null) {
                sink.error(failure);
            } else {
                upgradeSink = sink;
            }
        }));
    }

    // ---- identity

    @Override
    public String id() {
        return id;
    }

    @Override
    public Role role() {
        return settings.role();
    }

    @Override
    public TlsMode tlsMode() {
        return settings.tlsMode();
    }

    @Override
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    Duration idleTimeout() {
        return settings.idleTimeout();
    }

    // ---- inbound

    @Override
    public Flux<Line> lines() {
        return Flux.defer(() -> {
            if (!(framer.framing() instanceof LineFraming)) {
                return Flux.error(new IllegalStateException(
                        "the framing is " + framer.framing() + ", not lines: use frames(framing)"));
            }
            return new Flux<Line>() {
                @Override
                public void subscribe(CoreSubscriber<? super Line> actual) {
                    InboundSubscription s = new InboundSubscription(actual, framer);
                    actual.onSubscribe(s);
                    framer.subscribeFrames(s, null);
                }
            };
        });
    }

    @Override
    public <T> Flux<T> frames(Framing<T> framing) {
        return new Flux<T>() {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                InboundSubscription s = new InboundSubscription(actual, framer);
                actual.onSubscribe(s);
                framer.subscribeFrames(s, framing);
            }
        };
    }

    @Override
    public Flux<ByteBuf> bytes(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("byte count must not be negative: " + count);
        }
        return new Flux<ByteBuf>() {
            @Override
            public void subscribe(CoreSubscriber<? super ByteBuf> actual) {
                InboundSubscription s = new InboundSubscription(actual, framer);
                actual.onSubscribe(s);
                framer.subscribeBytes(s, count);
            }
        };
    }

    /**
     * Bytes read from the socket so far (counted after TLS decryption), for tests and diagnostics: lets a test prove that
     * a slow consumer bounds what is read. Internal API, may change without notice.
     */
    public long bytesReceived() {
        return framer.bytesReceived();
    }

    // ---- outbound

    @Override
    public Mono<Void> send(CharSequence line) {
        checkLine(line);
        return Mono.create(sink -> {
            ByteBuf buf = encodeLine(line);
            channel.writeAndFlush(buf).addListener(f -> complete(sink, f));
        });
    }

    @Override
    public Mono<Void> send(CharSequence... lines) {
        for (CharSequence line : lines) {
            checkLine(line);
        }
        return Mono.create(sink -> onLoop(() -> {
            io.netty.channel.ChannelFuture last = null;
            for (CharSequence line : lines) {
                last = channel.write(encodeLine(line));
            }
            channel.flush();
            if (last == null) {
                sink.success();
            } else {
                last.addListener(f -> complete(sink, f));
            }
        }));
    }

    @Override
    public Mono<Void> send(Publisher<?> items) {
        return OutboundWriter.write(channel, items, this::encode);
    }

    private Object encode(Object item) {
        if (item instanceof CharSequence cs) {
            checkLine(cs);
            return encodeLine(cs);
        }
        if (item instanceof Line line) {
            // a received Line may hold a lone CR (it is data to the framing): never forward it onto the wire
            checkLine(line.text());
            return encodeLine(line.text());
        }
        if (item instanceof ByteBuf buf) {
            logOutboundBytes(buf.readableBytes());
            return buf;
        }
        if (item instanceof byte[] bytes) {
            logOutboundBytes(bytes.length);
            return Unpooled.wrappedBuffer(bytes);
        }
        throw new IllegalArgumentException("cannot send "
                + (item == null ? "null" : item.getClass().getName()) + ": send CharSequence, Line, byte[] or ByteBuf");
    }

    private ByteBuf encodeLine(CharSequence line) {
        log(Direction.OUTBOUND, line.toString());
        ByteBuf buf = channel.alloc().buffer(ByteBufUtil.utf8MaxBytes(line) + 2);
        ByteBufUtil.writeUtf8(buf, line);
        buf.writeByte('\r').writeByte('\n');
        return buf;
    }

    private static void checkLine(CharSequence line) {
        for (int i = 0, n = line.length(); i < n; i++) {
            char ch = line.charAt(i);
            if (ch == '\r' || ch == '\n') {
                throw new IllegalArgumentException(
                        "a line must not contain CR or LF (at index " + i + "); send lines one by one");
            }
        }
    }

    private static void complete(MonoSink<Void> sink, Future<?> f) {
        if (f.isSuccess()) {
            sink.success();
        } else {
            sink.error(f.cause());
        }
    }

    // ---- TLS

    @Override
    public Mono<LineConnection> upgradeToTls() {
        return upgradeToTls(settings.tls());
    }

    @Override
    public Mono<LineConnection> upgradeToTls(TlsSettings tls) {
        Mono<SslContext> context = tls == settings.tls() && settings.sslContext() != null
                ? Mono.just(settings.sslContext())
                : settings.contexts().resolve(tls, Role.CLIENT);
        return context.flatMap(ctx -> Mono.<LineConnection>create(sink -> onLoop(() -> {
            if (settings.role() != Role.CLIENT) {
                sink.error(new IllegalStateException("server role: use upgradeToTls(goAhead)"));
                return;
            }
            if (!checkUpgradable(sink)) {
                return;
            }
            SslHandler ssl;
            try {
                String name = tls.serverName().orElse(settings.host());
                SSLEngine engine = ctx.newEngine(channel.alloc(), name, settings.port());
                sentServerName = name;
                ssl = newSslHandler(engine, false, tls);
            } catch (RuntimeException e) {
                sink.error(e);
                return;
            }
            beginHandshake(sink, ssl, false);
        })));
    }

    @Override
    public Mono<LineConnection> upgradeToTls(CharSequence goAhead) {
        checkLine(goAhead);
        return Mono.create(sink -> onLoop(() -> {
            if (settings.role() != Role.SERVER) {
                sink.error(new IllegalStateException("client role: use upgradeToTls() after reading the go-ahead"));
                return;
            }
            if (!checkUpgradable(sink)) {
                return;
            }
            SslHandler ssl;
            try {
                SSLEngine engine = serverContext().newEngine(channel.alloc());
                ssl = newSslHandler(engine, true, settings.tls());
            } catch (RuntimeException e) {
                sink.error(e);
                return;
            }
            // One event-loop step: TLS first (startTls=true lets the go-ahead pass in plaintext), then the go-ahead.
            beginHandshake(sink, ssl, false);
            channel.writeAndFlush(encodeLine(goAhead));
        }));
    }

    private SslContext serverContext() {
        if (settings.sslContext() == null) {
            throw new IllegalStateException("no TLS configured for " + id + " (TlsMode.NONE)");
        }
        return settings.sslContext();
    }

    private boolean checkUpgradable(MonoSink<LineConnection> sink) {
        if (secure || upgrading) {
            sink.error(new IllegalStateException(id + " is already " + (secure ? "secure" : "upgrading")));
            return false;
        }
        if (failure != null) {
            sink.error(failure);
            return false;
        }
        if (!channel.isActive()) {
            sink.error(new ConnectionClosedException("cannot upgrade " + id + ": the connection is closed"));
            return false;
        }
        int pending = framer.pendingBytes();
        if (pending > 0) {
            StartTlsInjectionException e = new StartTlsInjectionException(
                    pending + " plaintext bytes (\"" + framer.pendingPreview() + "\") were waiting at the STARTTLS "
                            + "switch point of " + id + ": possible "
                            + (settings.role() == Role.SERVER ? "command" : "response")
                            + " injection; connection closed",
                    pending);
            settings.metrics().upgradeFailed(settings.role(), "INJECTION");
            framer.fail(failed(e));
            sink.error(e);
            return false;
        }
        return true;
    }

    private SslHandler newSslHandler(SSLEngine engine, boolean startTls, TlsSettings tls) {
        SslHandler ssl = new SslHandler(engine, startTls);
        ssl.setHandshakeTimeoutMillis(tls.handshakeTimeout().toMillis());
        return ssl;
    }

    private void startImplicitTls() {
        SslHandler ssl;
        if (settings.role() == Role.CLIENT) {
            String name = settings.tls().serverName().orElse(settings.host());
            sentServerName = name;
            ssl = newSslHandler(
                    settings.sslContext().newEngine(channel.alloc(), name, settings.port()), false, settings.tls());
        } else {
            ssl = newSslHandler(serverContext().newEngine(channel.alloc()), false, settings.tls());
        }
        beginHandshake(null, ssl, true);
    }

    private void beginHandshake(MonoSink<LineConnection> sink, SslHandler ssl, boolean implicit) {
        upgrading = true;
        upgradeSink = sink;
        handshakeStartMillis = System.currentTimeMillis();
        handshakeStartNanos = System.nanoTime();
        if (sink != null) {
            sink.onCancel(() -> onLoop(() -> {
                if (upgrading && upgradeSink == sink) {
                    upgradeSink = null;
                    channel.close();
                }
            }));
        }
        ChannelPipeline p = channel.pipeline();
        p.addFirst(TLS, ssl);
        p.addFirst(TlsGuard.NAME, new TlsGuard(this, implicit));
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                handshakeSucceeded(ssl);
            } else {
                failHandshake(f.cause());
            }
        });
        framer.forceRead(true);
    }

    private void handshakeSucceeded(SslHandler ssl) {
        if (!upgrading) {
            return;
        }
        upgrading = false;
        framer.forceRead(false);
        if (channel.pipeline().get(TlsGuard.NAME) != null) {
            channel.pipeline().remove(TlsGuard.NAME);
        }
        TlsInfo info =
                DefaultTlsInfo.of(ssl, settings.role(), sentServerName, handshakeStartMillis, handshakeStartNanos);
        tlsInfo = info;
        secure = true;
        framer.upgraded();
        settings.metrics().upgradeSucceeded(settings.role(), info, info.handshakeDuration());
        settings.wiretap().log(id, Direction.INBOUND, true, "<TLS established: " + info + ">");
        MonoSink<LineConnection> sink = upgradeSink;
        upgradeSink = null;
        if (sink != null) {
            sink.success(this);
        }
    }

    /** Fails a running handshake (or upgrade) with a typed error and closes the connection. */
    void failHandshake(Throwable cause) {
        if (!upgrading) {
            return;
        }
        upgrading = false;
        framer.forceRead(false);
        StartleException e = TlsFailures.classify(cause, peerName());
        settings.metrics()
                .upgradeFailed(
                        settings.role(),
                        e instanceof TlsHandshakeException h ? h.failure().name() : "INJECTION");
        framer.fail(failed(e));
        MonoSink<LineConnection> sink = upgradeSink;
        upgradeSink = null;
        if (sink != null) {
            sink.error(e);
        }
    }

    /**
     * Records the connection's terminal failure (the first one wins), closes the channel, and returns the error to
     * signal. During a handshake, provider errors become typed handshake failures.
     */
    Throwable failed(Throwable cause) {
        Throwable mapped = cause;
        if (upgrading) {
            mapped = TlsFailures.classify(cause, peerName());
            failHandshake(mapped);
        }
        if (mapped instanceof java.io.IOException io) {
            // Outside a handshake, an I/O error (typically "connection reset by peer") means the connection is gone.
            mapped = new ConnectionClosedException(id + ": connection lost: " + io.getMessage(), io);
        }
        if (failure == null) {
            failure = mapped;
        }
        if (channel.isActive()) {
            channel.close();
        }
        return failure;
    }

    private String peerName() {
        return settings.role() == Role.CLIENT && settings.host() != null
                ? settings.host() + ":" + settings.port()
                : String.valueOf(channel.remoteAddress());
    }

    @Override
    public Optional<TlsInfo> tls() {
        return Optional.ofNullable(tlsInfo);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    // ---- wiretap

    @Override
    public Disposable redact(String label) {
        redactions.incrementAndGet();
        redactionLabel = label;
        return new Disposable() {
            private volatile boolean disposed;

            @Override
            public void dispose() {
                if (!disposed) {
                    disposed = true;
                    redactions.decrementAndGet();
                }
            }

            @Override
            public boolean isDisposed() {
                return disposed;
            }
        };
    }

    @Override
    public Wiretap wiretap() {
        return settings.wiretap();
    }

    @Override
    public StartleMetrics metrics() {
        return settings.metrics();
    }

    void logInbound(Object frame) {
        if (settings.wiretap().isEnabled()) {
            log(Direction.INBOUND, String.valueOf(frame));
        }
    }

    void logInboundBytes(int n) {
        if (settings.wiretap().isEnabled()) {
            settings.wiretap().log(id, Direction.INBOUND, secure, "<" + n + " bytes>");
        }
    }

    private void logOutboundBytes(int n) {
        if (settings.wiretap().isEnabled()) {
            settings.wiretap().log(id, Direction.OUTBOUND, secure, "<" + n + " bytes>");
        }
    }

    private void log(Direction direction, String text) {
        if (settings.wiretap().isEnabled()) {
            String shown = redactions.get() > 0 ? "<redacted: " + redactionLabel + ">" : text;
            settings.wiretap().log(id, direction, secure, shown);
        }
    }

    // ---- lifecycle

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            channel.close();
            return onClose();
        });
    }

    @Override
    public Mono<Void> onClose() {
        return closed.asMono();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Reports the connection as opened to the metrics, unless it has already closed (a refused connect, a connection
     * rejected by the server's limit): opened and closed counts then always add up.
     */
    public void countOpened() {
        if (counted.compareAndSet(0, 1)) {
            settings.metrics().connectionOpened(settings.role());
        }
    }

    private void onChannelClosed() {
        if (upgrading) {
            failHandshake(new java.nio.channels.ClosedChannelException());
        }
        if (counted.getAndSet(2) == 1) {
            settings.metrics().connectionClosed(settings.role());
        }
        closed.tryEmitEmpty();
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    @Override
    public String toString() {
        return "LineConnection[" + id + ", " + settings.role() + ", " + remoteAddress() + (secure ? ", tls" : "") + "]";
    }
}
