package dev.startle.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a server offered in its EHLO reply (RFC 5321 section 4.1.1.1), by keyword, with typed accessors for the
 * extensions the client uses. Only ever trusted for the connection state it was received in: the client asks again
 * after STARTTLS and forgets the plaintext answer.
 */
public final class SmtpExtensions {
    /** What a server that answered HELO (or nothing usable) offers: nothing. */
    public static final SmtpExtensions NONE = new SmtpExtensions("", Map.of());

    private final String greetingName;
    private final Map<String, List<String>> keywords;

    private SmtpExtensions(String greetingName, Map<String, List<String>> keywords) {
        this.greetingName = greetingName;
        this.keywords = keywords;
    }

    /** Parses an EHLO reply: the first line is the server's name, each further line a keyword with parameters. */
    public static SmtpExtensions parse(SmtpReply ehlo) {
        List<String> lines = ehlo.lines();
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split("[ =]+");
            if (parts.length == 0 || parts[0].isEmpty()) {
                continue;
            }
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            List<String> params = new ArrayList<>();
            for (int p = 1; p < parts.length; p++) {
                params.add(parts[p]);
            }
            // Old servers announce "AUTH=LOGIN"; merge both forms.
            map.merge(keyword, List.copyOf(params), (a, b) -> {
                List<String> merged = new ArrayList<>(a);
                b.stream().filter(x -> !merged.contains(x)).forEach(merged::add);
                return List.copyOf(merged);
            });
        }
        String name = lines.isEmpty() ? "" : lines.get(0).split(" ", 2)[0];
        return new SmtpExtensions(name, Map.copyOf(map));
    }

    /** The name the server gave in the first EHLO line. */
    public String serverName() {
        return greetingName;
    }

    /** Whether the keyword (case-insensitive) was offered. */
    public boolean has(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** The parameters of a keyword; empty when absent or without parameters. */
    public List<String> parameters(String keyword) {
        return keywords.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    /** All offered keywords, upper case. */
    public Set<String> keywords() {
        return keywords.keySet();
    }

    /** STARTTLS (RFC 3207). */
    public boolean startTls() {
        return has("STARTTLS");
    }

    /** PIPELINING (RFC 2920). */
    public boolean pipelining() {
        return has("PIPELINING");
    }

    /** 8BITMIME (RFC 6152). */
    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    /** SMTPUTF8 (RFC 6531). */
    public boolean smtpUtf8() {
        return has("SMTPUTF8");
    }

    /** CHUNKING: the BDAT command (RFC 3030). */
    public boolean chunking() {
        return has("CHUNKING");
    }

    /** DSN (RFC 3461). */
    public boolean dsn() {
        return has("DSN");
    }

    /** ENHANCEDSTATUSCODES (RFC 2034). */
    public boolean enhancedStatusCodes() {
        return has("ENHANCEDSTATUSCODES");
    }

    /**
     * SIZE (RFC 1870): empty when not offered; 0 means offered without a fixed limit.
     */
    public OptionalLong maxSize() {
        if (!has("SIZE")) {
            return OptionalLong.empty();
        }
        List<String> p = parameters("SIZE");
        try {
            return OptionalLong.of(p.isEmpty() ? 0 : Long.parseLong(p.get(0)));
        } catch (NumberFormatException e) {
            return OptionalLong.of(0);
        }
    }

    /** The SASL mechanisms offered with AUTH (RFC 4954), upper case; empty when AUTH is not offered. */
    public List<String> authMechanisms() {
        return parameters("AUTH").stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
    }

    /** The first parameter of a keyword, if any. */
    public Optional<String> parameter(String keyword) {
        List<String> p = parameters(keyword);
        return p.isEmpty() ? Optional.empty() : Optional.of(p.get(0));
    }

    @Override
    public String toString() {
        return "SmtpExtensions" + keywords.keySet();
    }
}
