package dev.startle.sasl;

import java.util.Objects;

/**
 * Channel-binding data for the SCRAM {@code -PLUS} mechanisms (RFC 5056, RFC 5802 section 6): the binding type name
 * and the bytes of the TLS connection, both supplied by the caller, usually from the core's {@code TlsInfo}:
 * {@code tls-exporter} (RFC 9266, preferred on TLS 1.3) or {@code tls-server-end-point} (RFC 5929).
 *
 * <p>{@link #none()} means the client has no binding for this connection. Which GS2 flag a SCRAM exchange sends
 * follows from this value and the mechanism: a {@code -PLUS} mechanism sends {@code p=<type>}; a plain SCRAM mechanism
 * sends {@code y} when given binding data (the client could bind but the server did not offer {@code -PLUS}) and
 * {@code n} when given {@code none()}. {@link SaslMechanisms#newExchange} picks the right value for you.
 */
public final class ChannelBinding {
    private static final ChannelBinding NONE = new ChannelBinding("", new byte[0]);

    private final String type;
    private final byte[] data;

    private ChannelBinding(String type, byte[] data) {
        this.type = type;
        this.data = data;
    }

    /** No channel binding: the client does not (or chooses not to) bind to the TLS channel. */
    public static ChannelBinding none() {
        return NONE;
    }

    /**
     * A binding of the given type; {@code data} is copied.
     *
     * @param type the IANA channel-binding type, e.g. {@code "tls-exporter"} or {@code "tls-server-end-point"}
     *     (letters, digits, {@code .} and {@code -} only)
     * @param data the binding bytes; must not be empty
     * @throws IllegalArgumentException if the type is not a valid name or the data is empty
     */
    public static ChannelBinding of(String type, byte[] data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (type.isEmpty() || !type.chars().allMatch(ChannelBinding::isNameChar)) {
            throw new IllegalArgumentException("invalid channel-binding type name: " + type);
        }
        if (data.length == 0) {
            throw new IllegalArgumentException("channel-binding data must not be empty");
        }
        return new ChannelBinding(type, data.clone());
    }

    /** Whether binding data is available (false only for {@link #none()}). */
    public boolean isPresent() {
        return !type.isEmpty();
    }

    /** The binding type name, or the empty string for {@link #none()}. */
    public String type() {
        return type;
    }

    /** A copy of the binding bytes; empty for {@link #none()}. */
    public byte[] data() {
        return data.clone();
    }

    /** The type and length only. */
    @Override
    public String toString() {
        return isPresent() ? "ChannelBinding[" + type + ", " + data.length + " bytes]" : "ChannelBinding[none]";
    }

    private static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }
}
