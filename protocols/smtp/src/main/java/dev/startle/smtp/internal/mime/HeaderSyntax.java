package dev.startle.smtp.internal.mime;

import java.util.regex.Pattern;

/** Checks what goes into a header: field names, unstructured values, message and content IDs (RFC 5322, 2045, 2392). */
public final class HeaderSyntax {
    private static final String ATEXT = "A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~";
    private static final Pattern DOT_ATOM = Pattern.compile("[" + ATEXT + "]+(\\.[" + ATEXT + "]+)*");
    private static final Pattern MSG_ID =
            Pattern.compile(DOT_ATOM.pattern() + "@(" + DOT_ATOM.pattern() + "|\\[[\\x21-\\x5a\\x5e-\\x7e]*\\])");
    private static final Pattern ATOM = Pattern.compile("[" + ATEXT + "]+");

    private HeaderSyntax() {}

    /** A field name is 1*ftext: printable US-ASCII except the colon (RFC 5322 section 3.6.8). */
    public static String fieldName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                throw new IllegalArgumentException(
                        "invalid header name \"" + printable(name) + "\": character " + (int) c + " at index " + i);
            }
        }
        return name;
    }

    /**
     * Text for an unstructured field or a display name: any Unicode text but no line breaks and no other control
     * characters (a CR or LF here is header injection), tab allowed.
     */
    public static String text(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException("invalid " + what + " \"" + printable(value)
                        + "\": control character " + (int) c + " at index " + i);
            }
        }
        return value;
    }

    /** A Message-ID's content (without angle brackets): {@code dot-atom-text "@" (dot-atom-text / no-fold-literal)}. */
    public static String messageId(String id) {
        String bare = id != null && id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
        if (bare == null || !MSG_ID.matcher(bare).matches()) {
            throw new IllegalArgumentException("invalid Message-ID \"" + printable(String.valueOf(id))
                    + "\": expected id-left@id-right in printable US-ASCII");
        }
        return bare;
    }

    /** A Content-ID's content (without angle brackets): a dot-atom, with or without {@code @domain} (RFC 2392). */
    public static String contentId(String id) {
        String bare = id != null && id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
        if (bare == null
                || !(MSG_ID.matcher(bare).matches() || DOT_ATOM.matcher(bare).matches())) {
            throw new IllegalArgumentException("invalid Content-ID \"" + printable(String.valueOf(id))
                    + "\": expected printable US-ASCII without spaces, brackets or quotes");
        }
        return bare;
    }

    /** Whether a word can go into a phrase as it is (an atom that does not look like an encoded-word). */
    static boolean isAtom(String word) {
        return ATOM.matcher(word).matches() && !word.contains("=?");
    }

    /** Whether every character is US-ASCII. */
    public static boolean isAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The value with control characters shown as '?', for error messages that must not break log lines. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 80 ? b.append("...").toString() : b.toString();
    }
}
