package dev.startle.smtp;

/** Checks envelope addresses: no control characters, brackets or spaces that could break or inject a command. */
final class Addresses {
    private Addresses() {}

    static String check(String address, String what) {
        if (address == null) {
            throw new IllegalArgumentException(what + " address must not be null");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '<' || c == '>') {
                throw new IllegalArgumentException("invalid " + what + " address \""
                        + address.replaceAll("[\\r\\n]", "?") + "\": character " + (int) c + " at index " + i);
            }
        }
        if (!address.isEmpty() && address.indexOf('@') < 1) {
            throw new IllegalArgumentException("invalid " + what + " address \"" + address + "\": no local@domain");
        }
        return address;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }
}
