package dev.startle.benchmarks.harness;

import dev.startle.core.TlsProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLEngine;

/** Raw Netty plumbing shared by the raw-Netty load and sink: the same transport (epoll) and providers as Startle. */
final class RawNetty {
    private RawNetty() {}

    static EventLoopGroup group(int threads) {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, io);
    }

    static Class<? extends SocketChannel> channel() {
        return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends ServerChannel> serverChannel() {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static SslProvider provider(TlsProvider p) {
        return p == TlsProvider.JDK ? SslProvider.JDK : SslProvider.OPENSSL;
    }

    /** A client context trusting the run's CA; TLS 1.3 only, hostname verified. */
    static SslContext clientContext(Pki.Files3 pki, TlsProvider p) throws Exception {
        return SslContextBuilder.forClient()
                .trustManager(pki.caCertificate())
                .sslProvider(provider(p))
                .protocols("TLSv1.3")
                .endpointIdentificationAlgorithm("HTTPS")
                .applicationProtocolConfig(ApplicationProtocolConfig.DISABLED)
                .build();
    }

    /** A server context with the run's server key; TLS 1.3 and 1.2 (the clients choose 1.3). */
    static SslContext serverContext(Pki.Files3 pki, TlsProvider p) throws Exception {
        return SslContextBuilder.forServer(pki.privateKey(), pki.chainCertificates())
                .sslProvider(provider(p))
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(ApplicationProtocolConfig.DISABLED)
                .build();
    }

    static boolean resumed(SSLEngine engine, long handshakeStartMillis) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            return io.netty.internal.tcnative.SSL.isSessionReused(openSsl.sslPointer());
        }
        return engine.getSession().getCreationTime() < handshakeStartMillis;
    }
}
