package dev.startle.smtp.internal.mime;

import java.net.IDN;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message-IDs and MIME boundaries, made without I/O so a message can be built on an event-loop thread ({@code
 * SecureRandom} reads {@code /dev/urandom} with a blocking call, at least for its first seed).
 *
 * <p>Neither needs to be unpredictable. A Message-ID must be unique: the time and 128 random bits make a collision
 * negligible. A boundary must not occur in the content: {@code "=_"} cannot occur in quoted-printable or base64
 * output, and 7bit text containing {@link #BOUNDARY_PREFIX} is sent as quoted-printable instead, so no content (even
 * chosen by an attacker who guesses the boundary) can end a part early.
 */
public final class UniqueIds {
    /** Every boundary starts with this. */
    static final String BOUNDARY_PREFIX = "=_startle_";

    private UniqueIds() {}

    /** A new boundary: the prefix and 96 random bits. */
    static String boundary() {
        return BOUNDARY_PREFIX + hex(ThreadLocalRandom.current().nextLong()) + hex32(ThreadLocalRandom.current());
    }

    /**
     * A new Message-ID (without brackets): the time in base 36, a dot, 128 random bits in hex, at the domain of the
     * author's address converted to its ASCII (A-label) form so the ID stays ASCII for an internationalised domain.
     */
    public static String messageId(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1);
        if (!domain.startsWith("[")) {
            try {
                domain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                domain = "localhost.invalid";
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toString(System.currentTimeMillis(), 36) + "." + hex(random.nextLong()) + hex(random.nextLong())
                + "@" + domain;
    }

    private static String hex(long bits) {
        String hex = Long.toHexString(bits);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static String hex32(ThreadLocalRandom random) {
        String hex = Integer.toHexString(random.nextInt());
        return "0".repeat(8 - hex.length()) + hex;
    }
}
