package dev.startle.smtp.internal.mime;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes header fields, folding between tokens so lines stay within 78 octets where possible and never pass 998 (RFC
 * 5322 section 2.1.1). Non-ASCII text becomes RFC 2047 {@code B} encoded-words of at most 75 characters, each holding
 * whole UTF-8 characters. Only raw UTF-8 addresses (RFC 6532, for SMTPUTF8 messages) put octets over 127 in the output.
 */
public final class HeaderWriter {
    static final int SOFT_LIMIT = 78;
    static final int HARD_LIMIT = 998;
    private static final int ENCODED_WORD_MAX = 75;
    private static final String PREFIX = "=?UTF-8?B?";
    private static final String SUFFIX = "?=";

    private final StringBuilder out = new StringBuilder(512);
    private final StringBuilder line = new StringBuilder(100);
    private int lineOctets;
    private boolean nameOnly;
    private String field;

    /** Starts a field; the previous field, if any, is ended. */
    public HeaderWriter field(String name) {
        endField();
        field = HeaderSyntax.fieldName(name);
        line.append(name).append(':');
        lineOctets = name.length() + 1;
        nameOnly = true;
        return this;
    }

    /** Appends a token after a single space, folding before the space when the line would pass 78 octets. */
    public HeaderWriter token(String token) {
        return token(" ", token);
    }

    /** Appends a token after the given (non-empty) whitespace run, folding before it when needed. */
    HeaderWriter token(String whitespace, String token) {
        if (lineOctets + whitespace.length() + octets(token) > SOFT_LIMIT && !nameOnly) {
            fold();
        }
        append(whitespace);
        append(token);
        return this;
    }

    /** Unstructured text (Subject, custom fields): folded at its own whitespace, or encoded-words if not plain ASCII. */
    public HeaderWriter unstructured(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            return this;
        }
        if (!HeaderSyntax.isAscii(value) || value.contains("=?") || longestWord(value) > HARD_LIMIT - 100) {
            return encodedText(value);
        }
        int i = 0;
        boolean first = true;
        while (i < value.length()) {
            int wordStart = i;
            while (wordStart < value.length() && isWsp(value.charAt(wordStart))) {
                wordStart++;
            }
            int wordEnd = wordStart;
            while (wordEnd < value.length() && !isWsp(value.charAt(wordEnd))) {
                wordEnd++;
            }
            token(first ? " " : value.substring(i, wordStart), value.substring(wordStart, wordEnd));
            first = false;
            i = wordEnd;
        }
        return this;
    }

    /** A display name as a phrase: atoms as they are, other ASCII as a quoted-string, anything else encoded-words. */
    public HeaderWriter phrase(String displayName) {
        String name = displayName.strip();
        if (!HeaderSyntax.isAscii(name)) {
            return encodedText(name);
        }
        String[] words = name.split("[ \t]+");
        boolean atoms = true;
        for (String word : words) {
            atoms &= HeaderSyntax.isAtom(word);
        }
        if (atoms) {
            for (String word : words) {
                token(word);
            }
            return this;
        }
        StringBuilder quoted = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return token(quoted.append('"').toString());
    }

    /** One mailbox of an address list: {@code phrase <addr>} or a bare {@code addr}, then a comma unless last. */
    public HeaderWriter mailbox(String displayName, String address, boolean last) {
        String comma = last ? "" : ",";
        if (displayName == null || displayName.isBlank()) {
            return token(address + comma);
        }
        phrase(displayName);
        return token("<" + address + ">" + comma);
    }

    /** Text as RFC 2047 B encoded-words, each filling the room left on its line and never splitting a character. */
    public HeaderWriter encodedText(String text) {
        int i = 0;
        while (i < text.length()) {
            int width = Math.min(ENCODED_WORD_MAX, SOFT_LIMIT - lineOctets - 1);
            int maxBytes = width < PREFIX.length() + SUFFIX.length() + 4
                    ? 0
                    : (width - PREFIX.length() - SUFFIX.length()) / 4 * 3;
            int end = i;
            int bytes = 0;
            while (end < text.length()) {
                int cp = text.codePointAt(end);
                int n = utf8Length(cp);
                if (bytes + n > maxBytes) {
                    break;
                }
                bytes += n;
                end += Character.charCount(cp);
            }
            if (end == i) {
                fold(); // not even one character fits here; a fresh line has room for 45 octets
                continue;
            }
            byte[] utf8 = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
            append(" ");
            append(PREFIX + Base64.getEncoder().encodeToString(utf8) + SUFFIX);
            i = end;
        }
        return this;
    }

    /** Ends the last field and returns all fields written, each ending in CRLF. */
    public String finish() {
        endField();
        return out.toString();
    }

    private void endField() {
        if (field != null) {
            out.append(line).append("\r\n");
            line.setLength(0);
            lineOctets = 0;
            field = null;
        }
    }

    private void fold() {
        out.append(line).append("\r\n");
        line.setLength(0);
        lineOctets = 0;
        nameOnly = false;
    }

    private void append(String s) {
        line.append(s);
        lineOctets += octets(s);
        if (!s.isBlank()) {
            nameOnly = false;
        }
        if (lineOctets > HARD_LIMIT) {
            throw new IllegalArgumentException("header " + field + " has a part too long to fold within " + HARD_LIMIT
                    + " octets: \"" + HeaderSyntax.printable(s) + "\"");
        }
    }

    private static int longestWord(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = isWsp(s.charAt(i)) ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    static int octets(String s) {
        return HeaderSyntax.isAscii(s) ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
