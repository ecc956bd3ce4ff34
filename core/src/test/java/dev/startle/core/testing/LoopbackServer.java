package dev.startle.core.testing;

import dev.startle.core.LineClient;
import dev.startle.core.LineConnection;
import dev.startle.core.LineServer;
import dev.startle.core.TlsMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;

/**
 * A {@link LineServer} on {@code 127.0.0.1} whose handler hands every accepted connection to the test and holds it open
 * until either side closes it, so a test can script the server side from its own thread ({@code send}, {@code lines},
 * {@code bytes}) instead of writing a handler per case. With the server's default read-ahead, a client's close is seen
 * at once; with read-ahead off it is seen only when the server side reads. {@link #close()} closes every connection
 * it accepted or {@linkplain #connect(UnaryOperator) opened}, so none outlives the test.
 */
public final class LoopbackServer implements AutoCloseable {
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Sinks.EmitFailureHandler RETRY = Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5));

    private final DisposableServer server;
    private final Sinks.Many<LineConnection> accepted = Sinks.many().replay().all();
    private final Map<LineConnection, Sinks.Empty<Void>> ended = new ConcurrentHashMap<>();
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger handled = new AtomicInteger();
    private final List<LineConnection> opened = new CopyOnWriteArrayList<>();

    private LoopbackServer(LineServer config) {
        server = config.host("127.0.0.1").port(0).bind(this::handle).block(BIND_TIMEOUT);
    }

    /** Binds {@code config} (host and port are overridden with 127.0.0.1 and an ephemeral port). */
    public static LoopbackServer start(LineServer config) {
        return new LoopbackServer(config);
    }

    /** Binds a plaintext server ({@link TlsMode#NONE}) with otherwise default settings. */
    public static LoopbackServer plain() {
        return start(LineServer.create().tlsMode(TlsMode.NONE));
    }

    private Mono<Void> handle(LineConnection c) {
        Sinks.Empty<Void> end = Sinks.empty();
        ended.put(c, end);
        handled.incrementAndGet();
        opened.add(c);
        accepted.emitNext(c, RETRY);
        // doFinally runs after the completion has travelled through LineServer's own bookkeeping (its connection
        // count), so a test waiting on handlerEnded() sees the server ready for a new connection.
        return c.onClose().doFinally(signal -> end.tryEmitEmpty());
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** A plaintext client for this server: 127.0.0.1, this port, {@link TlsMode#NONE}. */
    public LineClient client() {
        return LineClient.create().host("127.0.0.1").port(port()).tlsMode(TlsMode.NONE);
    }

    /** Connects a client configured by {@code configure} (applied to {@link #client()}); closed with this server. */
    public LineConnection connect(UnaryOperator<LineClient> configure) {
        LineConnection c = configure.apply(client()).connectNow(BIND_TIMEOUT);
        opened.add(c);
        return c;
    }

    /** Connects a plaintext client with default settings; closed with this server. */
    public LineConnection connect() {
        return connect(UnaryOperator.identity());
    }

    /** The next accepted connection (in accept order) that the handler saw; fails after {@code timeout}. */
    public LineConnection next(Duration timeout) {
        int index = taken.getAndIncrement();
        LineConnection c = accepted.asFlux().elementAt(index).timeout(timeout).block(timeout.plusSeconds(1));
        if (c == null) {
            throw new AssertionError("no connection #" + index + " accepted");
        }
        return c;
    }

    /** How many connections reached the handler (connections refused over the limit never do). */
    public int handled() {
        return handled.get();
    }

    /** Waits until the handler of {@code c} has ended, i.e. the server no longer counts it. */
    public void awaitHandlerEnded(LineConnection c, Duration timeout) {
        Sinks.Empty<Void> end = ended.get(c);
        if (end == null) {
            throw new IllegalArgumentException(c + " was not accepted by this server");
        }
        end.asMono().block(timeout);
    }

    @Override
    public void close() {
        try {
            for (LineConnection c : opened) {
                c.close().block(BIND_TIMEOUT);
            }
        } finally {
            server.disposeNow(BIND_TIMEOUT);
        }
    }
}
