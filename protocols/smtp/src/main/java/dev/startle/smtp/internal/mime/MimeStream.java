package dev.startle.smtp.internal.mime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import reactor.core.publisher.Flux;

/**
 * A whole message as a fixed list of pieces: bytes prepared at build time (headers, boundaries, encoded text) and
 * attachments base64-encoded as they are read. Nothing random or time-dependent is computed here, so every
 * subscription to {@link #content()} produces the same bytes.
 */
public final class MimeStream {
    /** The most bytes of prepared content put in one buffer. */
    static final int MAX_CHUNK = 64 * 1024;

    private final List<Object> pieces; // byte[] or ContentSource
    private final OptionalLong size;
    private final boolean eightBit;

    private MimeStream(List<Object> pieces) {
        this.pieces = List.copyOf(pieces);
        long total = 0;
        boolean known = true;
        boolean high = false;
        for (Object piece : pieces) {
            if (piece instanceof byte[] bytes) {
                total += bytes.length;
                for (byte b : bytes) {
                    high |= b < 0;
                }
            } else {
                OptionalLong raw = ((ContentSource) piece).size();
                known &= raw.isPresent();
                total += raw.isPresent() ? Base64Encoder.encodedLength(raw.getAsLong()) : 0;
            }
        }
        this.size = known ? OptionalLong.of(total) : OptionalLong.empty();
        this.eightBit = high;
    }

    /**
     * The bytes with backpressure, in buffers of at most 64 KiB (prepared bytes, copied so the subscriber owns them) or
     * about 78 KiB (encoded attachment lines).
     */
    public Flux<ByteBuf> content() {
        return Flux.fromIterable(pieces).concatMap(MimeStream::piece, 0);
    }

    /** The exact number of bytes, unless an attachment's size is unknown. */
    public OptionalLong size() {
        return size;
    }

    /** Whether any octet is over 127 (only raw UTF-8 addresses, RFC 6532, can cause that). */
    public boolean has8BitContent() {
        return eightBit;
    }

    private static Flux<ByteBuf> piece(Object piece) {
        if (piece instanceof byte[] bytes) {
            int chunks = (bytes.length + MAX_CHUNK - 1) / MAX_CHUNK;
            return Flux.range(0, chunks).map(i -> {
                int offset = i * MAX_CHUNK;
                return Unpooled.copiedBuffer(bytes, offset, Math.min(MAX_CHUNK, bytes.length - offset));
            });
        }
        return Base64Encoder.encode(((ContentSource) piece).bytes());
    }

    /** Collects pieces, merging adjacent prepared bytes. */
    static final class Builder {
        private final List<Object> pieces = new ArrayList<>();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Builder text(String s) {
            pending.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Builder bytes(byte[] bytes) {
            pending.writeBytes(bytes);
            return this;
        }

        Builder base64(ContentSource source) {
            flush();
            pieces.add(source);
            return this;
        }

        MimeStream build() {
            flush();
            return new MimeStream(pieces);
        }

        private void flush() {
            if (pending.size() > 0) {
                pieces.add(pending.toByteArray());
                pending.reset();
            }
        }
    }
}
