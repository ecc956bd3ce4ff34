package dev.startle.smtp.internal.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one {@code ; name=value} parameter of Content-Type or Content-Disposition (RFC 2045, 2183). A short printable
 * ASCII value is written as a token or quoted-string; anything else (non-ASCII file names, long values) with RFC 2231:
 * {@code name*=UTF-8''%E2%82%AC.pdf}, split into {@code name*0*=}, {@code name*1*=}... continuations so every line stays
 * short. A continuation never splits a UTF-8 character.
 */
public final class MimeParameter {
    private static final int PLAIN_MAX = 60;
    private static final int SEGMENT_MAX = 48;
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private MimeParameter() {}

    /** Writes {@code name=value} (after a {@code ;} the caller put on the previous token), then {@code ;} unless last. */
    public static void write(HeaderWriter writer, String name, String value, boolean last) {
        String end = last ? "" : ";";
        if (HeaderSyntax.isAscii(value) && value.length() <= PLAIN_MAX && isPrintable(value)) {
            boolean quoted = !isToken(value) || name.endsWith("name"); // file names always quoted, as readers expect
            writer.token(name + "=" + (quoted ? quote(value) : value) + end);
            return;
        }
        List<String> segments = segments(value);
        if (segments.size() == 1) {
            writer.token(name + "*=UTF-8''" + segments.get(0) + end);
            return;
        }
        for (int i = 0; i < segments.size(); i++) {
            String prefix = i == 0 ? "UTF-8''" : "";
            String sep = i == segments.size() - 1 ? end : ";";
            writer.token(name + "*" + i + "*=" + prefix + segments.get(i) + sep);
        }
    }

    /** Whether the value is an RFC 2045 token (no quoting needed). */
    static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 32 || c >= 127 || TSPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    static String quote(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    private static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 32 || c == 127) {
                return false;
            }
        }
        return true;
    }

    /** The value percent-encoded (RFC 2231 attribute-char kept), cut into segments at character boundaries. */
    private static List<String> segments(String value) {
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            String encoded = percentEncode(new String(Character.toChars(cp)));
            if (segment.length() + encoded.length() > SEGMENT_MAX && segment.length() > 0) {
                segments.add(segment.toString());
                segment.setLength(0);
            }
            segment.append(encoded);
            i += Character.charCount(cp);
        }
        segments.add(segment.toString());
        return segments;
    }

    private static String percentEncode(String character) {
        StringBuilder b = new StringBuilder(12);
        for (byte octet : character.getBytes(StandardCharsets.UTF_8)) {
            int c = octet & 0xff;
            if (isAttributeChar(c)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                b.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** RFC 2231 attribute-char: a token character other than {@code *}, {@code '} and {@code %}. */
    private static boolean isAttributeChar(int c) {
        return c > 32 && c < 127 && c != '*' && c != '\'' && c != '%' && TSPECIALS.indexOf(c) < 0;
    }
}
