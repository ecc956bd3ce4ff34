package dev.startle.core.internal;

import dev.startle.core.ConnectionClosedException;
import dev.startle.core.Framing;
import dev.startle.core.IdleTimeoutException;
import dev.startle.core.ReadTimeoutException;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsModeMismatchException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The inbound end of a connection: accumulates bytes, decodes frames only when a subscriber wants one, emits them
 * synchronously on the event loop, and decides when to read from the socket. Decoding on demand is what makes the
 * STARTTLS switch point safe: bytes nobody asked for stay undecoded here, where the upgrade can see them.
 *
 * <p>All state is confined to the event loop.
 */
final class InboundFramer extends ChannelInboundHandlerAdapter implements Framing.Context {
    /** Bytes read ahead without demand in auto-read mode before reading pauses. */
    static final int READ_AHEAD_LIMIT = 64 * 1024;
    /** Largest buffer handed to a bytes() subscriber in one onNext. */
    private static final int MAX_CHUNK = 64 * 1024;

    private final DefaultLineConnection connection;
    private final boolean readAhead;
    private final long readTimeoutNanos;
    private ChannelHandlerContext ctx;

    private ByteBuf cumulation;
    private Framing<?> framing;
    private Framing.Decoder<?> decoder;

    private InboundSubscription frames;
    private InboundSubscription bytes;
    private long bytesRemaining;

    private boolean draining;
    private boolean redrain;
    private boolean inputClosed;
    private boolean dropInput;
    private Throwable failure;
    private boolean anyBytesReceived;
    private boolean forceRead;
    private ScheduledFuture<?> readTimer;
    /** Written on the event loop only; volatile so tests and diagnostics may read it from any thread. */
    private volatile long bytesReceived;

    InboundFramer(DefaultLineConnection connection, Framing<?> framing, boolean readAhead, Duration readTimeout) {
        this.connection = connection;
        this.framing = framing;
        this.readAhead = readAhead;
        this.readTimeoutNanos = readTimeout == null ? 0 : readTimeout.toNanos();
    }

    // ---- Framing.Context

    @Override
    public boolean isSecure() {
        return connection.isSecure();
    }

    // ---- subscribers (called from any thread)

    void subscribeFrames(InboundSubscription s, Framing<?> wanted) {
        onLoop(() -> {
            if (frames != null && !frames.cancelled && !frames.done) {
                s.fail(new IllegalStateException("lines()/frames() already has a subscriber on " + connection.id()));
                return;
            }
            if (wanted != null && wanted != framing) {
                switchFraming(wanted);
            }
            frames = s;
            drain();
        });
    }

    void subscribeBytes(InboundSubscription s, long count) {
        onLoop(() -> {
            if (bytes != null) {
                s.fail(new IllegalStateException("bytes() already has a subscriber on " + connection.id()));
                return;
            }
            bytes = s;
            bytesRemaining = count;
            drain();
        });
    }

    void drainLater() {
        onLoop(this::drain);
    }

    void failLater(InboundSubscription s, Throwable error) {
        onLoop(() -> {
            s.fail(error);
            drain();
        });
    }

    Framing<?> framing() {
        return framing;
    }

    /** Bytes that reached this handler so far (plaintext: after TLS decryption), dropped input included. */
    long bytesReceived() {
        return bytesReceived;
    }

    // ---- the upgrade's view (event loop only)

    /** Plaintext bytes received but not consumed: undecoded here plus any the decoder holds. Must be 0 to upgrade. */
    int pendingBytes() {
        int n = cumulation == null ? 0 : cumulation.readableBytes();
        return n + (decoder == null ? 0 : decoder.bufferedBytes());
    }

    /** The first pending bytes, sanitised, for the injection message. */
    String pendingPreview() {
        return cumulation == null ? "" : PeerBytes.sanitize(cumulation, cumulation.readerIndex(), 60);
    }

    /** After the handshake: the decoder starts over (XMPP restarts its stream). */
    void upgraded() {
        if (decoder != null) {
            decoder.reset();
        }
    }

    /** Keep reading while a handshake runs, whatever the demand (the handshake needs the peer's records). */
    void forceRead(boolean on) {
        forceRead = on;
        if (on && ctx != null && ctx.channel().isActive()) {
            ctx.read();
        }
    }

    /** Fails every subscriber, drops all further input and releases what is buffered. */
    void fail(Throwable error) {
        if (failure == null) {
            failure = error;
        }
        dropInput = true;
        releaseCumulation();
        cancelReadTimer();
        drain();
    }

    // ---- Netty

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.decoder = framing.newDecoder(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Keep undelivered bytes as an unpooled copy: a subscriber may still ask for the last lines after close.
        if (cumulation != null) {
            ByteBuf copy = cumulation.isReadable() ? Unpooled.wrappedBuffer(ByteBufUtil.getBytes(cumulation)) : null;
            cumulation.release();
            cumulation = copy;
        }
        inputClosed = true;
        cancelReadTimer();
        drain();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        afterDrain();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        bytesReceived += buf.readableBytes();
        if (dropInput) {
            buf.release();
            return;
        }
        cancelReadTimer();
        if (!anyBytesReceived) {
            anyBytesReceived = true;
            if (!isSecure() && PeerBytes.looksLikeTlsRecord(buf)) {
                buf.release();
                fail(connection.failed(mismatch()));
                return;
            }
        }
        cumulation = cumulation == null || !cumulation.isReadable()
                ? replace(buf)
                : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, buf);
        drain();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        afterDrain();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inputClosed = true;
        cancelReadTimer();
        drain();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            fail(connection.failed(new IdleTimeoutException(connection.idleTimeout())));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Consumed here: the error reaches subscribers (and the upgrade) typed, instead of Reactor Netty's WARN log.
        fail(connection.failed(cause));
    }

    // ---- decoding

    private void drain() {
        if (draining) {
            redrain = true;
            return;
        }
        draining = true;
        try {
            do {
                redrain = false;
                drainOnce();
            } while (redrain);
        } finally {
            draining = false;
        }
        afterDrain();
    }

    private void drainOnce() {
        for (; ; ) {
            if (failure != null) {
                // A subscriber that cancelled gets no terminal signal (it would be dropped, and logged as an error).
                if (bytes != null) {
                    if (!bytes.cancelled) {
                        bytes.fail(failure);
                    }
                    bytes = null;
                }
                if (frames != null) {
                    if (!frames.cancelled) {
                        frames.fail(failure);
                    }
                    frames = null;
                }
                return;
            }
            if (bytes != null) {
                if (!drainBytes()) {
                    return;
                }
                continue;
            }
            InboundSubscription s = frames;
            if (s == null) {
                return;
            }
            if (s.cancelled || s.done) {
                frames = null;
                return;
            }
            if (!s.hasDemand()) {
                return;
            }
            Object frame;
            try {
                frame = decoder.decode(cumulation == null ? Unpooled.EMPTY_BUFFER : cumulation);
            } catch (RuntimeException e) {
                fail(connection.failed(e));
                return;
            }
            if (frame == null) {
                if (inputClosed) {
                    frames = null;
                    if (pendingBytes() > 0) {
                        s.fail(new ConnectionClosedException("peer closed " + connection.id()
                                + " in the middle of a frame (" + pendingBytes() + " bytes unterminated)"));
                    } else {
                        s.complete();
                    }
                }
                return;
            }
            connection.logInbound(frame);
            s.emit(frame);
        }
    }

    /** Serves the bytes() subscriber; returns true when it finished and decoding may go on. */
    private boolean drainBytes() {
        InboundSubscription s = bytes;
        if (s.done) {
            bytes = null;
            return true;
        }
        if (bytesRemaining == 0) {
            bytes = null;
            s.complete();
            return true;
        }
        int readable = cumulation == null ? 0 : cumulation.readableBytes();
        if (s.cancelled) {
            // Skip the rest of the count so the framing stays in step with the peer.
            int skip = (int) Math.min(readable, bytesRemaining);
            if (skip > 0) {
                cumulation.skipBytes(skip);
                bytesRemaining -= skip;
            }
            if (bytesRemaining == 0) {
                bytes = null;
                return true;
            }
            return false;
        }
        if (readable == 0) {
            if (inputClosed) {
                bytes = null;
                s.fail(new ConnectionClosedException(
                        "peer closed " + connection.id() + " with " + bytesRemaining + " announced bytes unread"));
                return true;
            }
            return false;
        }
        if (!s.hasDemand()) {
            return false;
        }
        int n = (int) Math.min(Math.min(readable, bytesRemaining), MAX_CHUNK);
        ByteBuf chunk = cumulation.readRetainedSlice(n);
        bytesRemaining -= n;
        connection.logInboundBytes(n);
        try {
            s.emit(chunk);
        } finally {
            chunk.release();
        }
        return true;
    }

    private void switchFraming(Framing<?> next) {
        if (decoder != null) {
            decoder.close();
        }
        framing = next;
        decoder = next.newDecoder(this);
    }

    // ---- reading

    private void afterDrain() {
        if (cumulation != null) {
            if (!cumulation.isReadable()) {
                releaseCumulation();
            } else {
                cumulation.discardSomeReadBytes();
            }
        }
        if (ctx == null || inputClosed || dropInput || !ctx.channel().isActive()) {
            return;
        }
        boolean wanting = wantsInput();
        if (readAhead) {
            boolean allow = wanting || forceRead || cumulation == null || cumulation.readableBytes() < READ_AHEAD_LIMIT;
            if (ctx.channel().config().isAutoRead() != allow) {
                ctx.channel().config().setAutoRead(allow);
            }
        } else if (wanting || forceRead) {
            ctx.read();
        }
        if (wanting && readTimeoutNanos > 0) {
            if (readTimer == null) {
                readTimer = ctx.executor().schedule(this::readTimedOut, readTimeoutNanos, TimeUnit.NANOSECONDS);
            }
        } else {
            cancelReadTimer();
        }
    }

    /** Whether a subscriber is waiting for bytes the cumulation cannot satisfy (drain has just run). */
    private boolean wantsInput() {
        if (bytes != null) {
            return bytes.cancelled || bytes.hasDemand();
        }
        return frames != null && !frames.cancelled && frames.hasDemand();
    }

    private void readTimedOut() {
        readTimer = null;
        if (!wantsInput() || failure != null) {
            return;
        }
        Duration timeout = Duration.ofNanos(readTimeoutNanos);
        String hint = !anyBytesReceived && !isSecure() && connection.role() == dev.startle.core.Role.CLIENT
                ? "; nothing at all was received: if the port speaks implicit TLS (465, 993, 995, 5223), use "
                        + "TlsMode.IMPLICIT"
                : "";
        fail(connection.failed(new ReadTimeoutException(
                timeout, "no data from the peer of " + connection.id() + " within " + timeout + hint)));
    }

    private TlsModeMismatchException mismatch() {
        return connection.role() == dev.startle.core.Role.CLIENT
                ? new TlsModeMismatchException(
                        "the peer started with a TLS record where a plaintext greeting was expected: the port speaks "
                                + "implicit TLS; use TlsMode.IMPLICIT",
                        TlsMode.IMPLICIT)
                : new TlsModeMismatchException(
                        "the client started a TLS handshake on a plaintext/STARTTLS port: it must connect in plaintext "
                                + "and send STARTTLS, or use the implicit-TLS port",
                        TlsMode.IMPLICIT);
    }

    private void cancelReadTimer() {
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
    }

    private ByteBuf replace(ByteBuf buf) {
        releaseCumulation();
        return buf;
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    private void onLoop(Runnable task) {
        if (ctx == null) {
            connection.eventLoop().execute(task);
        } else if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }
}
