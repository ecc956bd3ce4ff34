package dev.startle.smtp.internal.mime;

import java.nio.charset.StandardCharsets;

/**
 * A text body ready to write: line breaks normalised to CRLF, then sent as {@code 7bit} when it is plain ASCII with
 * short lines, no whitespace at a line's end (some transports strip it) and nothing that could be mistaken for a
 * boundary; otherwise as UTF-8 quoted-printable. The message is 7-bit clean either way.
 */
final class TextBody {
    private static final int MAX_7BIT_LINE = 78;

    final String transferEncoding;
    final byte[] bytes;

    private TextBody(String transferEncoding, String encoded) {
        this.transferEncoding = transferEncoding;
        this.bytes = encoded.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code boundaryPrefix} is the text every boundary of the message starts with. */
    static TextBody of(String text, String boundaryPrefix) {
        String crlf = normaliseLineBreaks(text);
        if (isShortAscii(crlf) && !crlf.contains(boundaryPrefix)) {
            return new TextBody("7bit", crlf);
        }
        return new TextBody("quoted-printable", QuotedPrintable.encode(crlf));
    }

    /** CRLF, lone CR and lone LF all become CRLF (a bare CR or LF is not allowed on the wire). */
    static String normaliseLineBreaks(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                b.append("\r\n");
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n') {
                b.append("\r\n");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isShortAscii(String crlf) {
        int column = 0;
        for (int i = 0; i < crlf.length(); i++) {
            char c = crlf.charAt(i);
            if (c == '\r') {
                if (column > 0 && (crlf.charAt(i - 1) == ' ' || crlf.charAt(i - 1) == '\t')) {
                    return false;
                }
                column = 0;
                i++; // the LF
                continue;
            }
            if (c > 126 || c < 32 && c != '\t' || ++column > MAX_7BIT_LINE) {
                return false;
            }
        }
        return column == 0 || crlf.charAt(crlf.length() - 1) != ' ' && crlf.charAt(crlf.length() - 1) != '\t';
    }
}
