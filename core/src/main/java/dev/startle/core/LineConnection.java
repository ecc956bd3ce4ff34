package dev.startle.core;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A line-protocol connection that can switch to TLS in the middle of the conversation.
 *
 * <h2>Reading</h2>
 * {@link #lines()} emits inbound lines on demand: a line is decoded only when one is requested, and with no demand
 * the socket is not read beyond a small bounded read-ahead. One subscriber at a time; when it cancels, the next
 * subscriber continues exactly where it stopped, so {@code lines().next()} reads one line and a long-lived
 * subscription may be used instead. The same subscription keeps emitting after {@link #upgradeToTls()}. Lines are
 * emitted on the connection's event loop. {@link #bytes(long)} reads an exact number of raw bytes (IMAP literals, BDAT
 * chunks) and may be called from within {@code onNext} of a {@code lines()} subscriber: lines pause until the bytes
 * are read.
 *
 * <h2>Upgrading, safely</h2>
 * The upgrade fails with {@link StartTlsInjectionException} if any plaintext byte is waiting at the switch point. This
 * only works if the code deciding to upgrade has not let a prefetching operator read ahead of it: consume lines one at
 * a time across an upgrade ({@code lines().next()}, {@code concatMap(f, 0)}, or a subscriber requesting 1), never
 * through {@code publishOn} or a prefetching {@code concatMap}/{@code flatMap}. {@link Line#isSecure()} is a second
 * defence protocol code can check.
 *
 * <pre>{@code
 * // client role: read the greeting, ask for STARTTLS, read the go-ahead, upgrade, carry on over TLS
 * client.connect()
 *       .flatMap(c -> c.lines().next()
 *               .then(c.send("STARTTLS"))
 *               .then(c.lines().next())
 *               .then(c.upgradeToTls()))
 *       .flatMap(c -> c.send("EHLO client.example").then(c.lines().next()));
 * }</pre>
 */
public interface LineConnection {

    /** A short id for logs, stable for the connection's life. */
    String id();

    /** Whether this end opened (client) or accepted (server) the connection. */
    Role role();

    /** The TLS mode this connection was configured with; protocol modules honour it. */
    TlsMode tlsMode();

    /** The local address. */
    SocketAddress localAddress();

    /** The peer's address. */
    SocketAddress remoteAddress();

    /**
     * Inbound lines, decoded on demand, emitted on the event loop; completes when the peer closes the connection.
     * Errors: {@link LineTooLongException} and {@link ProtocolViolationException} for bad framing,
     * {@link ReadTimeoutException}, {@link TlsHandshakeException}/{@link StartTlsInjectionException} when an upgrade
     * fails, {@link ConnectionClosedException} when the peer closes in the middle of a line. Any error closes the
     * connection. A second concurrent subscriber gets {@link IllegalStateException}.
     */
    Flux<Line> lines();

    /**
     * Switches the inbound framing (at a frame boundary, keeping bytes already received) and emits frames with it,
     * on the same terms as {@link #lines()}. XMPP uses this for its XML stream; the decoder is reset after an upgrade.
     */
    <T> Flux<T> frames(Framing<T> framing);

    /**
     * Exactly {@code count} raw bytes, as buffers emitted on the event loop and <b>released after {@code onNext}
     * returns</b> ({@code retain()} or copy what must outlive it). Completes after the last byte; fails with
     * {@link ConnectionClosedException} when the peer closes first. Cancelling skips the rest of the count, so the
     * framing stays in step.
     */
    Flux<ByteBuf> bytes(long count);

    /**
     * Sends one line; CRLF is added. Completes when the line is written to the socket.
     *
     * @throws IllegalArgumentException if the line contains CR or LF (which would let input inject commands)
     */
    Mono<Void> send(CharSequence line);

    /** Sends several lines in one flush (pipelining); completes when all are written. */
    Mono<Void> send(CharSequence... lines);

    /**
     * Sends a stream: {@link CharSequence} and {@link Line} items as lines (CRLF added, CR/LF inside rejected),
     * {@code byte[]} and {@link ByteBuf} items as raw bytes (a {@code ByteBuf}'s ownership passes to the connection).
     * Backpressured by completed writes and flushed in batches; completes when everything is written.
     */
    Mono<Void> send(Publisher<?> items);

    /**
     * Client role: switches to TLS after the caller has read the peer's go-ahead (e.g. {@code 220 Ready to start
     * TLS}). Handshakes with SNI and hostname verification for the configured host. Emits this connection when the
     * handshake succeeded.
     *
     * @return fails with {@link StartTlsInjectionException}, {@link TlsHandshakeException} or
     *     {@link IllegalStateException} (server role, or already secure); any failure closes the connection
     */
    Mono<LineConnection> upgradeToTls();

    /** Client role, with per-call settings instead of the connection's (e.g. another server name). */
    Mono<LineConnection> upgradeToTls(TlsSettings settings);

    /**
     * Server role: writes {@code goAhead} in plaintext (CRLF added) and handshakes as the TLS server, both in one
     * event-loop step so the client's handshake can never be read as a line. Emits this connection when the handshake
     * succeeded.
     *
     * @return fails like {@link #upgradeToTls()}, and with {@link IllegalStateException} in the client role or when
     *     no key material is configured
     */
    Mono<LineConnection> upgradeToTls(CharSequence goAhead);

    /** What TLS negotiated; empty until the connection is secure. */
    Optional<TlsInfo> tls();

    /** Whether the connection runs under TLS now. */
    boolean isSecure();

    /**
     * Redacts the wiretap until the returned handle is disposed: every line in either direction is logged as
     * {@code <redacted: label>}. Protocol modules wrap AUTH exchanges in it.
     */
    Disposable redact(String label);

    /** The wiretap, for protocol modules that log their own summaries (e.g. {@code <DATA: 4096 bytes>}). */
    Wiretap wiretap();

    /** The metrics sink this connection reports to (protocol modules report opportunistic fallbacks here). */
    StartleMetrics metrics();

    /** Closes the connection (with a TLS close_notify when secure); completes when it is closed. */
    Mono<Void> close();

    /** Completes when the connection is closed, by either side. */
    Mono<Void> onClose();

    /** Whether the connection is still open. */
    boolean isOpen();
}
