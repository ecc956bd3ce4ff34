package dev.startle.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One line received from the peer, without its line terminator. Immutable; the bytes are copied out of Netty's
 * buffers, so a {@code Line} may be kept and passed across threads freely.
 *
 * <p>{@link #isSecure()} tells whether the line arrived under TLS. Protocol code can use it as a second defence: after
 * an upgrade, every line it acts upon must be secure.
 */
public final class Line {
    private final byte[] bytes;
    private final boolean secure;
    private String text;

    private Line(byte[] bytes, boolean secure) {
        this.bytes = bytes;
        this.secure = secure;
    }

    /** A line from its raw bytes (copied), for tests and framing implementations. */
    public static Line of(byte[] bytes, boolean secure) {
        return new Line(bytes.clone(), secure);
    }

    /** A line from text, encoded as UTF-8, for tests and framing implementations. */
    public static Line of(String text, boolean secure) {
        Line line = new Line(text.getBytes(StandardCharsets.UTF_8), secure);
        line.text = text;
        return line;
    }

    /** Wraps the array without copying; only for the core's framing, which hands over ownership. */
    static Line wrap(byte[] bytes, boolean secure) {
        return new Line(bytes, secure);
    }

    /** The line decoded as UTF-8 (ASCII protocols decode the same); malformed bytes become U+FFFD. */
    public String text() {
        String t = text;
        if (t == null) {
            t = new String(bytes, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }

    /** A copy of the raw bytes, without the terminator. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes, without the terminator. */
    public int length() {
        return bytes.length;
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** Whether the raw bytes start with the ASCII {@code prefix}, ignoring ASCII case. */
    public boolean startsWithIgnoreCase(String prefix) {
        if (prefix.length() > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int a = bytes[i] & 0xff;
            int b = prefix.charAt(i);
            if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the line arrived after the connection's TLS handshake (or on an implicit-TLS connection). */
    public boolean isSecure() {
        return secure;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Line other && other.secure == secure && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + (secure ? 1 : 0);
    }

    /** The text, for logs and assertions. */
    @Override
    public String toString() {
        return text();
    }
}
