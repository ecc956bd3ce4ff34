package dev.startle.smtp.internal.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses the paths and parameters of MAIL FROM and RCPT TO (RFC 5321 section 4.1.2, ESMTP parameters). */
final class Envelope {
    private Envelope() {}

    /** A path ({@code ""} for {@code <>}) and its parameters, keys upper case. */
    record Path(String address, Map<String, String> parameters) {}

    /** Parses {@code FROM:<a@b> SIZE=10}; null when malformed. */
    static Path parsePath(String prefix, String args) {
        if (args.length() < prefix.length()
                || !args.substring(0, prefix.length()).equalsIgnoreCase(prefix)) {
            return null;
        }
        String rest = args.substring(prefix.length()).stripLeading();
        if (!rest.startsWith("<")) {
            return null;
        }
        int close = rest.indexOf('>');
        if (close < 0) {
            return null;
        }
        String address = rest.substring(1, close);
        // A source route (@a,@b:user@c) is obsolete; keep only the mailbox (RFC 5321 section 4.1.2).
        int colon = address.startsWith("@") ? address.indexOf(':') : -1;
        if (colon >= 0) {
            address = address.substring(colon + 1);
        }
        if (address.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '<')) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        String tail = rest.substring(close + 1).trim();
        if (!tail.isEmpty()) {
            for (String p : tail.split("\\s+")) {
                int eq = p.indexOf('=');
                String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
                if (key.isEmpty()) {
                    return null;
                }
                params.put(key, eq < 0 ? "" : p.substring(eq + 1));
            }
        }
        return new Path(address, Map.copyOf(params));
    }

    static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
