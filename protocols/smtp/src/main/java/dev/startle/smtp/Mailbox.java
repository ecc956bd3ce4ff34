package dev.startle.smtp;

import dev.startle.smtp.internal.mime.HeaderSyntax;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox for a message header: an address ({@code local@domain}) with an optional display name, such as {@code
 * Alice Example <alice@example.org>}.
 *
 * <p>The address is checked strictly: a dot-atom or quoted local part without spaces, a host name or address literal
 * as domain, no control characters. Non-ASCII characters are allowed (RFC 6531/6532, e.g. {@code jörg@bücher.example});
 * such an address needs a server that offers SMTPUTF8. The display name may be any text without line breaks or
 * other control characters; it is written as an RFC 2047 encoded-word when it is not ASCII.
 *
 * <pre>{@code
 * Mailbox bob = Mailbox.of("Bob Müller", "bob@example.net");
 * }</pre>
 */
public final class Mailbox {
    private static final String ATEXT = "!#$%&'*+-/=?^_`{|}~";
    private static final int MAX_OCTETS = 254;

    private final String displayName;
    private final String address;

    private Mailbox(String displayName, String address) {
        this.displayName = displayName;
        this.address = address;
    }

    /** A mailbox with no display name. */
    public static Mailbox of(String address) {
        return new Mailbox(null, checkAddress(address));
    }

    /** A mailbox with a display name ({@code null} or blank for none). */
    public static Mailbox of(String displayName, String address) {
        String name = displayName == null || displayName.isBlank()
                ? null
                : HeaderSyntax.text(displayName, "display name").strip();
        return new Mailbox(name, checkAddress(address));
    }

    /** The address, {@code local@domain}. */
    public String address() {
        return address;
    }

    /** The display name, if any. */
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /** Whether the address has non-ASCII characters, so the message needs SMTPUTF8 (RFC 6531). */
    public boolean isInternationalized() {
        return !HeaderSyntax.isAscii(address);
    }

    private static String checkAddress(String address) {
        if (address == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            throw invalid(address, "expected local-part@domain");
        }
        if (address.getBytes(StandardCharsets.UTF_8).length > MAX_OCTETS) {
            throw invalid(address, "longer than " + MAX_OCTETS + " octets");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (!(isQuotedLocalPart(local) || isDotAtom(local, false))) {
            throw invalid(address, "bad local part");
        }
        if (!(isAddressLiteral(domain) || isDotAtom(domain, true))) {
            throw invalid(address, "bad domain");
        }
        return address;
    }

    private static boolean isDotAtom(String s, boolean hostName) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 0x80
                    ? Character.isLetterOrDigit(c) || c == '.' || c == '-' || !hostName && ATEXT.indexOf(c) >= 0
                    : isVisibleNonAscii(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code "..."} with printable characters or backslash pairs; no spaces or angle brackets (the envelope refuses them). */
    private static boolean isQuotedLocalPart(String s) {
        if (s.length() < 3 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                c = i < s.length() - 1 ? s.charAt(i) : 0;
            } else if (c == '"') {
                return false;
            }
            if (c < 0x80 ? c <= 32 || c == 127 || c == '<' || c == '>' : !isVisibleNonAscii(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAddressLiteral(String s) {
        if (s.length() < 3 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126 || c == '[' || c == ']' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisibleNonAscii(char c) {
        return !Character.isISOControl(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c);
    }

    private static IllegalArgumentException invalid(String address, String why) {
        return new IllegalArgumentException("invalid address \"" + HeaderSyntax.printable(address) + "\": " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mailbox m && m.address.equals(address) && Objects.equals(m.displayName, displayName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(displayName, address);
    }

    /** {@code Name <address>} or just the address (for logs; not the encoded header form). */
    @Override
    public String toString() {
        return displayName == null ? address : displayName + " <" + address + ">";
    }
}
