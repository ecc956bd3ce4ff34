package dev.startle.smtp.internal.mime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Streaming base64 with 76-character lines, each ending in CRLF (RFC 2045 section 6.8). Input chunks of any size and
 * alignment are accepted: the bytes short of a whole 57-byte line are carried over to the next chunk, and one output
 * buffer covers at most {@link #MAX_INPUT} input bytes (about 78 KiB out), so a huge input buffer is split rather
 * than encoded in one piece. One encoder per subscription: it holds the carried bytes.
 */
final class Base64Encoder {
    static final int LINE_INPUT = 57;
    /** Input bytes per output buffer: 1024 lines. */
    static final int MAX_INPUT = LINE_INPUT * 1024;

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private final byte[] carry = new byte[LINE_INPUT];
    private int carryLength;

    /** The encoded length of {@code n} input bytes: 4 characters per 3 bytes, plus CRLF after each line. */
    static long encodedLength(long n) {
        return (n + 2) / 3 * 4 + (n + LINE_INPUT - 1) / LINE_INPUT * 2;
    }

    /**
     * Encodes {@code raw} (each buffer released once encoded, or when the stream is cancelled) with backpressure: an
     * input buffer is read only when the encoded output of the previous one has been requested.
     */
    static Flux<ByteBuf> encode(Flux<ByteBuf> raw) {
        return Flux.defer(() -> {
                    Base64Encoder encoder = new Base64Encoder();
                    return raw.concatMap(encoder::encodeChunk, 1).concatWith(Mono.fromSupplier(encoder::finish));
                })
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
    }

    private Flux<ByteBuf> encodeChunk(ByteBuf input) {
        return Flux.using(
                () -> input,
                in -> Flux.<ByteBuf>generate(sink -> {
                    ByteBuf out = encodeSome(in);
                    if (out != null) {
                        sink.next(out);
                    } else {
                        sink.complete();
                    }
                }),
                ReferenceCountUtil::release);
    }

    /** Encodes the whole lines available from the carry plus up to MAX_INPUT bytes of {@code in}; null when none. */
    ByteBuf encodeSome(ByteBuf in) {
        int take = Math.min(in.readableBytes(), MAX_INPUT - carryLength);
        int total = carryLength + take;
        if (total < LINE_INPUT) {
            in.readBytes(carry, carryLength, take);
            carryLength = total;
            return null;
        }
        byte[] source = new byte[total];
        System.arraycopy(carry, 0, source, 0, carryLength);
        in.readBytes(source, carryLength, take);
        int whole = total / LINE_INPUT * LINE_INPUT;
        carryLength = total - whole;
        System.arraycopy(source, whole, carry, 0, carryLength);
        return encodeLines(source, whole);
    }

    /** The last, possibly short and padded, line; null when nothing is carried. */
    ByteBuf finish() {
        if (carryLength == 0) {
            return null;
        }
        ByteBuf out = encodeLines(carry, carryLength);
        carryLength = 0;
        return out;
    }

    private static ByteBuf encodeLines(byte[] source, int length) {
        int outLength = (int) encodedLength(length);
        ByteBuf out = Unpooled.buffer(outLength, outLength);
        byte[] dst = out.array();
        int d = out.arrayOffset();
        for (int lineStart = 0; lineStart < length; lineStart += LINE_INPUT) {
            int lineEnd = Math.min(lineStart + LINE_INPUT, length);
            int s = lineStart;
            for (; s + 3 <= lineEnd; s += 3) {
                int bits = (source[s] & 0xff) << 16 | (source[s + 1] & 0xff) << 8 | (source[s + 2] & 0xff);
                dst[d++] = ALPHABET[bits >>> 18];
                dst[d++] = ALPHABET[(bits >>> 12) & 0x3f];
                dst[d++] = ALPHABET[(bits >>> 6) & 0x3f];
                dst[d++] = ALPHABET[bits & 0x3f];
            }
            int rest = lineEnd - s;
            if (rest > 0) {
                int bits = (source[s] & 0xff) << 16 | (rest == 2 ? (source[s + 1] & 0xff) << 8 : 0);
                dst[d++] = ALPHABET[bits >>> 18];
                dst[d++] = ALPHABET[(bits >>> 12) & 0x3f];
                dst[d++] = rest == 2 ? ALPHABET[(bits >>> 6) & 0x3f] : (byte) '=';
                dst[d++] = '=';
            }
            dst[d++] = '\r';
            dst[d++] = '\n';
        }
        out.writerIndex(outLength);
        return out;
    }
}
