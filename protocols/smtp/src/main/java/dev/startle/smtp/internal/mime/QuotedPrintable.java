package dev.startle.smtp.internal.mime;

import java.nio.charset.StandardCharsets;

/**
 * Quoted-printable for text (RFC 2045 section 6.7): UTF-8 octets, CRLF line breaks kept as hard breaks, encoded lines
 * of at most 76 characters with soft breaks placed between characters, never inside one, and whitespace before a line
 * break encoded so transports that strip trailing spaces cannot change the text.
 */
final class QuotedPrintable {
    private static final int MAX_LINE = 76;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QuotedPrintable() {}

    /** Encodes text whose line breaks are already CRLF. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8 + 16);
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf("\r\n", lineStart);
            boolean last = lineEnd < 0;
            encodeLine(text.substring(lineStart, last ? text.length() : lineEnd), out);
            if (last) {
                break;
            }
            out.append("\r\n");
            lineStart = lineEnd + 2;
        }
        return out.toString();
    }

    private static void encodeLine(String line, StringBuilder out) {
        int column = 0;
        int i = 0;
        while (i < line.length()) {
            int cp = line.codePointAt(i);
            i += Character.charCount(cp);
            boolean lastOnLine = i == line.length();
            String unit = unit(cp, lastOnLine);
            // Keep room for the '=' of a soft break unless this is the line's last unit.
            int limit = lastOnLine ? MAX_LINE : MAX_LINE - 1;
            if (column + unit.length() > limit) {
                out.append("=\r\n");
                column = 0;
            }
            out.append(unit);
            column += unit.length();
        }
    }

    private static String unit(int cp, boolean endOfLine) {
        boolean literal = cp >= 33 && cp <= 126 && cp != '=' || (cp == ' ' || cp == '\t') && !endOfLine;
        if (literal) {
            return String.valueOf((char) cp);
        }
        StringBuilder b = new StringBuilder(12);
        for (byte octet : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            b.append('=').append(HEX[(octet >> 4) & 0xf]).append(HEX[octet & 0xf]);
        }
        return b.toString();
    }
}
