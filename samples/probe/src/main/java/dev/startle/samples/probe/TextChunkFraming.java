package dev.startle.samples.probe;

import dev.startle.core.Framing;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A framing for XMPP's XML stream, which has no line structure: each frame is whatever UTF-8 text has arrived (at most
 * 16 KiB), cut only at a character boundary so a multi-byte character is never split. The XML is parsed by the prober
 * ({@link XmppStream}), which accumulates frames. Buffers nothing itself, so the STARTTLS switch-point check sees every
 * byte that arrived.
 */
final class TextChunkFraming implements Framing<String> {
    static final int MAX_CHUNK = 16 * 1024;

    @Override
    public Decoder<String> newDecoder(Context context) {
        return in -> {
            int length = utf8Boundary(in, Math.min(in.readableBytes(), MAX_CHUNK));
            if (length == 0) {
                return null;
            }
            String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
            in.skipBytes(length);
            return text;
        };
    }

    /** The largest prefix of {@code length} readable bytes that does not end inside a UTF-8 sequence. */
    static int utf8Boundary(ByteBuf in, int length) {
        int start = in.readerIndex();
        // Look back at most 3 bytes for the lead byte of the last sequence.
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = in.getByte(start + length - back) & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // continuation byte: keep looking for the lead
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return needed > back ? length - back : length;
        }
        return length;
    }

    @Override
    public String toString() {
        return "TextChunkFraming";
    }
}
