package dev.startle.smtp;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An RFC 3463 enhanced status code such as {@code 5.1.1} (class.subject.detail), parsed from replies when the server
 * offers ENHANCEDSTATUSCODES.
 *
 * @param statusClass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject 0 to 999: 1 addressing, 2 mailbox, 3 mail system, 4 network/routing, 5 protocol, 6 content,
 *     7 security/policy
 * @param detail 0 to 999
 */
public record EnhancedStatusCode(int statusClass, int subject, int detail) {
    private static final Pattern SYNTAX = Pattern.compile("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");

    /** Validates the ranges. */
    public EnhancedStatusCode {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("class must be 2, 4 or 5: " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("subject and detail must be 0..999");
        }
    }

    /** Parses {@code "5.1.1"}; empty when the text is not an enhanced status code. */
    public static Optional<EnhancedStatusCode> parse(String text) {
        // ASCII digits only: Integer.parseInt alone takes "-1" (then the constructor throws), "+1" and other scripts'
        // digits.
        if (!SYNTAX.matcher(text).matches()) {
            return Optional.empty();
        }
        int first = text.indexOf('.');
        int second = first < 0 ? -1 : text.indexOf('.', first + 1);
        if (first != 1 || second < 0) {
            return Optional.empty();
        }
        try {
            int c = Integer.parseInt(text.substring(0, first));
            int s = Integer.parseInt(text.substring(first + 1, second));
            int d = Integer.parseInt(text.substring(second + 1));
            if ((c != 2 && c != 4 && c != 5) || second - first > 4 || text.length() - second > 4) {
                return Optional.empty();
            }
            return Optional.of(new EnhancedStatusCode(c, s, d));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
