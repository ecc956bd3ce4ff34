package dev.startle.samples.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a server listed when asked (EHLO keywords, IMAP CAPABILITY, POP3 CAPA, NNTP CAPABILITIES, FTP FEAT, XMPP
 * stream features), one item per keyword with its parameters.
 *
 * @param command what was asked, e.g. {@code "EHLO"}
 * @param listed false when the server does not support the command (the list is then empty and says nothing)
 * @param items the items, as the server wrote them apart from surrounding white space
 */
record Capabilities(String command, boolean listed, List<String> items) {

    Capabilities {
        items = List.copyOf(items);
    }

    static Capabilities of(String command, List<String> items) {
        return new Capabilities(
                command,
                true,
                items.stream()
                        .map(String::trim)
                        .map(s -> s.replaceAll("\\s+", " "))
                        .filter(s -> !s.isEmpty())
                        .toList());
    }

    /** The command is not supported by the server. */
    static Capabilities unsupported(String command) {
        return new Capabilities(command, false, List.of());
    }

    /** Whether an item's first word is {@code keyword}, ignoring case. */
    boolean has(String keyword) {
        String k = keyword.toUpperCase(Locale.ROOT);
        return items.stream()
                .map(i -> i.split(" ", 2)[0].toUpperCase(Locale.ROOT))
                .anyMatch(k::equals);
    }

    /** Items in this list but not in {@code other}, in this list's order. */
    List<String> notIn(Capabilities other) {
        List<String> out = new ArrayList<>();
        for (String item : items) {
            if (other == null || other.items.stream().noneMatch(item::equalsIgnoreCase)) {
                out.add(item);
            }
        }
        return out;
    }
}
