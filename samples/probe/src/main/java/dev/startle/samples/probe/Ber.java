package dev.startle.samples.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The little of BER (X.690) that LDAP's StartTLS needs: definite-length TLVs with single-byte tags, INTEGER and OCTET
 * STRING values. Lengths are bounded by {@link #MAX_LENGTH}; the indefinite form (which LDAP forbids, RFC 4511 section
 * 5.1) is refused.
 */
final class Ber {
    /** The largest value the probe accepts from a server: an ExtendedResponse is a few hundred bytes. */
    static final int MAX_LENGTH = 64 * 1024;

    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int ENUMERATED = 0x0a;

    /** A decoded TLV: the tag byte and the value bytes. */
    record Tlv(int tag, byte[] value) {
        String string() {
            return new String(value, StandardCharsets.UTF_8);
        }

        int integer() {
            return Ber.integer(value);
        }
    }

    private Ber() {}

    /** Encodes a TLV whose value is the concatenation of {@code parts}. */
    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            value.writeBytes(p);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.writeBytes(length(value.size()));
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    /** The definite length octets: short form below 128, else 0x8N followed by N big-endian bytes. */
    static byte[] length(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] out = new byte[1 + bytes];
        out[0] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            out[bytes - i] = (byte) (length >>> (8 * i));
        }
        return out;
    }

    /** An INTEGER in the fewest two's-complement bytes. */
    static byte[] integer(int tag, int value) {
        int bytes = 1;
        while (bytes < 4 && (value >> (8 * bytes - 1)) != 0 && (value >> (8 * bytes - 1)) != -1) {
            bytes++;
        }
        byte[] v = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            v[bytes - 1 - i] = (byte) (value >>> (8 * i));
        }
        return tlv(tag, v);
    }

    static byte[] octetString(int tag, String value) {
        return tlv(tag, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes definite length octets, the first already read ({@code first}), further ones from {@code next}.
     *
     * @throws ProbeException for the indefinite form, more than 4 length bytes, or a length over {@link #MAX_LENGTH}
     */
    static int readLength(int first, IntSupplier next) {
        if (first < 0x80) {
            return first;
        }
        int count = first & 0x7f;
        if (count == 0) {
            throw new ProbeException("BER indefinite length, which LDAP does not allow");
        }
        if (count > 4) {
            throw new ProbeException("BER length of " + count + " bytes");
        }
        long length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (next.getAsInt() & 0xff);
        }
        if (length > MAX_LENGTH) {
            throw new ProbeException("BER value of " + length + " bytes, more than the " + MAX_LENGTH + " accepted");
        }
        return (int) length;
    }

    static int integer(byte[] value) {
        if (value.length == 0 || value.length > 4) {
            throw new ProbeException("BER INTEGER of " + value.length + " bytes");
        }
        int v = value[0]; // sign-extended
        for (int i = 1; i < value.length; i++) {
            v = (v << 8) | (value[i] & 0xff);
        }
        return v;
    }

    /** Reads consecutive TLVs out of a value. */
    static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean hasMore() {
            return pos < data.length;
        }

        /** The tag of the next TLV without consuming it, or -1 at the end. */
        int peekTag() {
            return hasMore() ? data[pos] & 0xff : -1;
        }

        Tlv next() {
            int tag = read();
            if ((tag & 0x1f) == 0x1f) {
                throw new ProbeException("BER multi-byte tag, not used by LDAP");
            }
            int length = readLength(read(), this::read);
            if (length > data.length - pos) {
                throw new ProbeException(
                        "BER value of " + length + " bytes, but only " + (data.length - pos) + " left");
            }
            byte[] value = java.util.Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return new Tlv(tag, value);
        }

        /** The next TLV, which must carry {@code tag}. */
        Tlv next(int tag, String what) {
            Tlv t = next();
            if (t.tag() != tag) {
                throw new ProbeException(String.format("expected %s (tag 0x%02x), got tag 0x%02x", what, tag, t.tag()));
            }
            return t;
        }

        private int read() {
            if (pos >= data.length) {
                throw new ProbeException("BER data ends early");
            }
            return data[pos++] & 0xff;
        }
    }
}
