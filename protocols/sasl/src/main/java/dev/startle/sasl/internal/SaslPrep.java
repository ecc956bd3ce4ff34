package dev.startle.sasl.internal;

import dev.startle.sasl.SaslException;
import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the stringprep profile SCRAM applies to user names and passwords.
 *
 * <p>Covered: the mapping step (non-ASCII spaces of RFC 3454 table C.1.2 to U+0020; the "commonly mapped to nothing"
 * characters of table B.1 removed, B.1 winning for U+200B as in common implementations), NFKC normalization, the
 * prohibited output of RFC 4013 section 2.3 (tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9) and the
 * bidirectional check of RFC 3454 section 6. For stored strings (passwords), unassigned code points are prohibited.
 *
 * <p>Not exact: normalization and the "unassigned" and bidirectional categories come from the JDK's Unicode version,
 * not Unicode 3.2 as stringprep specifies; code points assigned since 3.2 are therefore accepted, and a few characters
 * whose NFKC form changed since 3.2 could differ. Passwords in practice are unaffected.
 */
final class SaslPrep {
    private SaslPrep() {}

    /** Prepares a stored string (a password): unassigned code points are an error. */
    static String prepareStored(String value, String what) {
        return prepare(value, false, what);
    }

    /** Prepares a query string (a user name, RFC 5802 section 5.1): unassigned code points are allowed. */
    static String prepareQuery(String value, String what) {
        return prepare(value, true, what);
    }

    private static String prepare(String value, boolean allowUnassigned, String what) {
        StringBuilder mapped = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (mapsToNothing(cp)) {
                return;
            }
            mapped.appendCodePoint(isNonAsciiSpace(cp) ? ' ' : cp);
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean randAL = false;
        boolean leftToRight = false;
        int position = 0;
        for (int i = 0; i < normalized.length(); position++) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (isProhibited(cp)) {
                throw new SaslException(
                        what + " contains a character prohibited by SASLprep (RFC 4013) at position " + position);
            }
            if (!allowUnassigned && Character.getType(cp) == Character.UNASSIGNED) {
                throw new SaslException(what + " contains an unassigned code point at position " + position);
            }
            randAL |= isRandAL(cp);
            leftToRight |= Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (randAL) {
            int first = normalized.codePointAt(0);
            int last = normalized.codePointBefore(normalized.length());
            if (leftToRight || !isRandAL(first) || !isRandAL(last)) {
                throw new SaslException(what + " fails the SASLprep bidirectional check (RFC 3454 section 6)");
            }
        }
        return normalized;
    }

    private static boolean isRandAL(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** RFC 3454 table B.1. */
    static boolean mapsToNothing(int cp) {
        return cp == 0x00AD
                || cp == 0x034F
                || cp == 0x1806
                || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D)
                || cp == 0x2060
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF;
    }

    /** RFC 3454 table C.1.2. */
    static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0
                || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200B)
                || cp == 0x202F
                || cp == 0x205F
                || cp == 0x3000;
    }

    /** RFC 4013 section 2.3: tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8 and C.9. */
    static boolean isProhibited(int cp) {
        return isNonAsciiSpace(cp)
                || cp < 0x20
                || cp == 0x7F // C.2.1
                || (cp >= 0x80 && cp <= 0x9F)
                || cp == 0x06DD
                || cp == 0x070F
                || cp == 0x180E
                || cp == 0x200C
                || cp == 0x200D
                || cp == 0x2028
                || cp == 0x2029
                || (cp >= 0x2060 && cp <= 0x2063)
                || cp == 0xFEFF
                || (cp >= 0x1D173 && cp <= 0x1D17A) // C.2.2 (206A-206F and FFF9-FFFC below)
                || (cp >= 0xE000 && cp <= 0xF8FF)
                || (cp >= 0xF0000 && cp <= 0xFFFFD)
                || (cp >= 0x100000 && cp <= 0x10FFFD) // C.3
                || (cp >= 0xFDD0 && cp <= 0xFDEF)
                || (cp & 0xFFFE) == 0xFFFE // C.4
                || (cp >= 0xD800 && cp <= 0xDFFF) // C.5
                || (cp >= 0xFFF9 && cp <= 0xFFFD) // C.6
                || (cp >= 0x2FF0 && cp <= 0x2FFB) // C.7
                || cp == 0x0340
                || cp == 0x0341
                || cp == 0x200E
                || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x206A && cp <= 0x206F) // C.8
                || cp == 0xE0001
                || (cp >= 0xE0020 && cp <= 0xE007F); // C.9
    }
}
