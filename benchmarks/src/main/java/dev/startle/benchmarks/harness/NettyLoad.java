package dev.startle.benchmarks.harness;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw Netty over TLS, the floor the upgrade and bulk rows are measured against: {@code cycle} connects and does only the
 * TLS 1.3 handshake, then closes; {@code bulk} writes the message bytes over one TLS connection to a discarding server;
 * {@link #hold} keeps upgraded connections idle. Same transport and provider as Startle.
 */
final class NettyLoad implements Load {
    private final LoadConfig config;
    private final EventLoopGroup group =
            RawNetty.group(Math.max(4, Runtime.getRuntime().availableProcessors()));
    private final SslContext context;
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final List<Channel> held = new ArrayList<>();

    NettyLoad(LoadConfig config) throws Exception {
        this.config = config;
        this.context = RawNetty.clientContext(config.pki(), config.provider());
    }

    /** Connects and completes the TLS handshake; the future gives the channel. */
    private CompletableFuture<Channel> connect() {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        long startMillis = System.currentTimeMillis();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(RawNetty.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler ssl = context.newHandler(ch.alloc(), "localhost", config.port());
                        ch.pipeline().addLast(ssl);
                        ssl.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                handshakes.incrementAndGet();
                                if (RawNetty.resumed(ssl.engine(), startMillis)) {
                                    resumed.incrementAndGet();
                                }
                                result.complete(ch);
                            } else {
                                ch.close();
                                result.completeExceptionally(f.cause());
                            }
                        });
                    }
                });
        ChannelFuture f = b.connect("127.0.0.1", config.port());
        f.addListener(c -> {
            if (!c.isSuccess()) {
                result.completeExceptionally(c.cause());
            }
        });
        return result;
    }

    @Override
    public void run(Run run) throws Exception {
        if (config.mode().equals("bulk")) {
            bulk(run);
            return;
        }
        CountDownLatch done = new CountDownLatch(config.connections());
        for (int i = 0; i < config.connections(); i++) {
            cycle(run, done);
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("workers did not stop");
        }
    }

    private void cycle(Run run, CountDownLatch done) {
        if (!run.running()) {
            done.countDown();
            return;
        }
        long start = System.nanoTime();
        connect().whenComplete((ch, error) -> {
            if (error != null) {
                run.error(error);
                group.schedule(() -> cycle(run, done), 20, TimeUnit.MILLISECONDS);
                return;
            }
            ch.close().addListener(f -> {
                run.ok(start);
                cycle(run, done);
            });
        });
    }

    /** One connection; each {@code size} bytes written (a "message") counts once; at most 4 writes in flight. */
    private void bulk(Run run) throws Exception {
        Channel ch = connect().get(30, TimeUnit.SECONDS);
        ByteBuf data = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(config.size()).writeBytes(Messages.message(config.size())));
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            ch.eventLoop().execute(() -> write(ch, data, run, done));
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("writer did not stop");
        }
        ch.close().sync();
    }

    private void write(Channel ch, ByteBuf data, Run run, CountDownLatch done) {
        if (!run.running() || !ch.isActive()) {
            done.countDown();
            return;
        }
        long start = System.nanoTime();
        ch.writeAndFlush(data.duplicate()).addListener(f -> {
            if (f.isSuccess()) {
                run.ok(start);
            } else {
                run.error(f.cause());
            }
            write(ch, data, run, done);
        });
    }

    @Override
    public void hold(int count) throws Exception {
        List<CompletableFuture<Channel>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(connect());
            if (batch.size() == 32 || i == count - 1) {
                for (CompletableFuture<Channel> f : batch) {
                    held.add(f.get(60, TimeUnit.SECONDS));
                }
                batch.clear();
            }
        }
    }

    String extra() {
        return handshakes.get() == 0 ? "" : " handshakes=" + handshakes.get() + " resumed=" + resumed.get();
    }

    @Override
    public void close() throws InterruptedException {
        for (Channel ch : held) {
            ch.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
    }
}
