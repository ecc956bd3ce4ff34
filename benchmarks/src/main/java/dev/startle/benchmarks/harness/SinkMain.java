package dev.startle.benchmarks.harness;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.smtp.server.SmtpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.subethamail.smtp.server.SMTPServer;
import reactor.netty.DisposableServer;

/**
 * A sink in its own JVM, so that its CPU never counts as a client's: {@code subetha} (SubEthaSMTP 7, STARTTLS on the
 * JDK provider), {@code startle} (Startle's {@link SmtpServer}, STARTTLS with the chosen provider) or {@code netty}
 * (raw Netty TLS: handshakes, then discards whatever arrives). Each stores every message's bytes in memory and drops
 * them (SubEthaSMTP hands over a {@code byte[]}; Startle's handler collects {@code bytes()}).
 *
 * <p>Prints {@code READY <port>}. Reads commands on stdin: {@code MARK} answers {@code MARK <cpu ns> <messages>};
 * {@code QUIT} or end of input exits. It exits by itself after {@code --lifetime} seconds in any case.
 */
public final class SinkMain {
    private static final LongAdder MESSAGES = new LongAdder();

    private SinkMain() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String kind = args.require("sink");
        int port = args.intValue("port", 0);
        Pki.Files3 pki = Pki.Files3.of(
                args.path("pki"), Pki.Key.valueOf(args.get("key", "ecdsa").toUpperCase(Locale.ROOT)));
        TlsProvider provider =
                TlsProvider.valueOf(args.get("provider", "OPENSSL").toUpperCase(Locale.ROOT));
        long lifetime = args.intValue("lifetime", 1800);
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(lifetime));
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.err.println("sink lifetime over: exiting");
                    Runtime.getRuntime().halt(3);
                },
                "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        int bound;
        AutoCloseable stop;
        switch (kind) {
            case "subetha" -> {
                SMTPServer server = SMTPServer.port(port)
                        .bindAddress(InetAddress.getByName("127.0.0.1"))
                        .hostName("localhost")
                        .backlog(4096) // the default 50 drops connections when a pool opens 200 at once
                        .enableTLS()
                        .startTlsSocketFactory(pki.serverContext())
                        .maxConnections(12_000)
                        .maxMessageSize(64 << 20)
                        .connectionTimeout(5, TimeUnit.MINUTES)
                        .messageHandler((context, from, to, data) -> MESSAGES.increment())
                        .build();
                server.start();
                bound = server.getPortAllocated();
                stop = server::stop;
            }
            case "startle" -> {
                DisposableServer server = SmtpServer.create()
                        .host("127.0.0.1")
                        .port(port)
                        .hostname("localhost")
                        .tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC)
                        .tls(pki.serverTls(provider))
                        .maxConnections(12_000)
                        .maxMessageSize(64 << 20)
                        .bindNow(message -> message.bytes()
                                .doOnNext(b -> MESSAGES.increment())
                                .then());
                bound = server.port();
                stop = () -> server.disposeNow(Duration.ofSeconds(10));
            }
            case "netty" -> {
                EventLoopGroup group =
                        RawNetty.group(Math.max(4, Runtime.getRuntime().availableProcessors()));
                SslContext context = RawNetty.serverContext(pki, provider);
                Channel server = new ServerBootstrap()
                        .group(group)
                        .channel(RawNetty.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 4096)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(context.newHandler(ch.alloc()));
                                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                            }
                        })
                        .bind("127.0.0.1", port)
                        .sync()
                        .channel();
                bound = ((java.net.InetSocketAddress) server.localAddress()).getPort();
                stop = () -> {
                    server.close().sync();
                    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
                };
            }
            default -> throw new IllegalArgumentException("unknown sink " + kind);
        }
        System.out.println("READY " + bound);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null && !line.equals("QUIT")) {
            if (line.equals("MARK")) {
                System.out.println("MARK " + ClientMain.processCpuNanos() + " " + MESSAGES.sum());
                System.out.flush();
            }
        }
        try {
            stop.close();
        } catch (Exception e) {
            System.err.println("stop: " + e);
        }
        System.exit(0);
    }
}
