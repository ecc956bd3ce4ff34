package dev.startle.core.internal;

import io.netty.buffer.ByteBuf;

/** Peer bytes made safe for messages and logs: printable ASCII kept, everything else escaped. */
public final class PeerBytes {
    private PeerBytes() {}

    /** Up to {@code max} bytes from index {@code from}, printable ASCII kept and the rest escaped. */
    public static String sanitize(ByteBuf buf, int from, int max) {
        int n = Math.max(0, Math.min(max, buf.writerIndex() - from));
        StringBuilder sb = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            int b = buf.getByte(from + i) & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else if (b == '\r') {
                sb.append("\\r");
            } else if (b == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }

    /** Whether the first bytes look like a TLS record header (handshake or alert, version 3.x). */
    public static boolean looksLikeTlsRecord(ByteBuf buf) {
        if (buf.readableBytes() < 3) {
            return false;
        }
        int i = buf.readerIndex();
        int type = buf.getUnsignedByte(i);
        return (type == 0x16 || type == 0x15) && buf.getUnsignedByte(i + 1) == 3 && buf.getUnsignedByte(i + 2) <= 4;
    }
}
