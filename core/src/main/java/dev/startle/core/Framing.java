package dev.startle.core;

import io.netty.buffer.ByteBuf;

/**
 * How inbound bytes are cut into frames: CRLF lines by default ({@link LineFraming}); a protocol can supply its own,
 * for example an XML stanza framing for XMPP. Immutable and shareable; each connection gets its own
 * {@link Decoder}.
 *
 * @param <T> the frame type
 */
public interface Framing<T> {

    /** A new decoder for one connection. */
    Decoder<T> newDecoder(Context context);

    /** What a decoder may ask of its connection. */
    interface Context {
        /** Whether the bytes being decoded arrived under TLS. */
        boolean isSecure();
    }

    /**
     * Decodes frames from the connection's inbound bytes. Called only on the connection's event loop, and only when a
     * frame is wanted (decoding is demand-driven: bytes no one asked for stay undecoded).
     *
     * @param <T> the frame type
     */
    interface Decoder<T> {
        /**
         * Decodes the next frame from {@code in}, consuming its bytes, or returns {@code null} (consuming nothing, or
         * only bytes it buffers itself) when more input is needed.
         *
         * @throws ProtocolViolationException when the input breaks the framing; the connection is then closed
         */
        T decode(ByteBuf in);

        /**
         * Bytes this decoder holds internally, not yet returned as frames (0 for decoders that work on {@code in}
         * directly). Checked at the STARTTLS switch point, where it must be 0.
         */
        default int bufferedBytes() {
            return 0;
        }

        /** Forgets all state; called after a TLS upgrade (XMPP restarts its stream there). */
        default void reset() {}

        /** Releases what the decoder holds; called once when the connection closes. */
        default void close() {}
    }
}
