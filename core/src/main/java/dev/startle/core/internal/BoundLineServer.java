package dev.startle.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.net.SocketAddress;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * A bound server that, when disposed, also closes the connections it accepted (Reactor Netty's own server only stops
 * accepting, and with a channel group waits for connections to end by themselves).
 */
public final class BoundLineServer implements DisposableServer {
    private final DisposableServer server;
    private final ChannelGroup connections;

    /** Wraps {@code server}, whose accepted channels are all in {@code connections}. */
    public BoundLineServer(DisposableServer server, ChannelGroup connections) {
        this.server = server;
        this.connections = connections;
    }

    @Override
    public Channel channel() {
        return server.channel();
    }

    @Override
    public SocketAddress address() {
        return server.address();
    }

    @Override
    public String host() {
        return server.host();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void dispose() {
        server.dispose();
        connections.close();
    }

    /** Stops accepting, closes every connection, and waits at most {@code timeout} for all of it. */
    @Override
    public void disposeNow(Duration timeout) {
        dispose();
        Mono<Void> closed = Mono.create(sink -> connections.newCloseFuture().addListener(f -> sink.success()));
        Mono.when(onDispose(), closed).block(timeout);
    }

    @Override
    public boolean isDisposed() {
        return server.isDisposed();
    }

    @Override
    public Mono<Void> onDispose() {
        return server.onDispose();
    }

    @Override
    public String toString() {
        return "BoundLineServer[" + server.address() + "]";
    }
}
