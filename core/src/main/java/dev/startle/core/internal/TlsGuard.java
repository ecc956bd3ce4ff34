package dev.startle.core.internal;

import dev.startle.core.StartTlsInjectionException;
import dev.startle.core.TlsHandshakeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits in front of the {@code SslHandler} until the first inbound bytes after the switch point: they must start a TLS
 * record. Plaintext there is an injection attempt after STARTTLS, or a plaintext port in implicit mode; either way it
 * fails fast with a message that quotes what the peer sent, instead of a provider's opaque "not an SSL record".
 */
final class TlsGuard extends ChannelInboundHandlerAdapter {
    static final String NAME = "startle.tlsGuard";

    private final DefaultLineConnection connection;
    private final boolean implicit;

    TlsGuard(DefaultLineConnection connection, boolean implicit) {
        this.connection = connection;
        this.implicit = implicit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            int first = buf.getUnsignedByte(buf.readerIndex());
            if (first != 0x16 && first != 0x15) {
                String preview = PeerBytes.sanitize(buf, buf.readerIndex(), 60);
                int n = buf.readableBytes();
                buf.release();
                connection.failHandshake(
                        implicit
                                ? new TlsHandshakeException(
                                        TlsHandshakeException.Failure.PLAINTEXT_PEER,
                                        "the peer answered in plaintext (\"" + preview
                                                + "\") where a TLS handshake was "
                                                + "expected: the port speaks plaintext/STARTTLS; use TlsMode.STARTTLS_REQUIRED",
                                        null)
                                : new StartTlsInjectionException(
                                        "the peer sent plaintext (\"" + preview
                                                + "\") after the STARTTLS switch point, where "
                                                + "only a TLS handshake may follow: possible "
                                                + (connection.role() == dev.startle.core.Role.SERVER
                                                        ? "command"
                                                        : "response")
                                                + " injection",
                                        n));
                return;
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
