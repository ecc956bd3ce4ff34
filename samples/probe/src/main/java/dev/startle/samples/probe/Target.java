package dev.startle.samples.probe;

import java.util.Locale;

/**
 * What to probe, parsed from {@code scheme://host[:port]}: the host may be a name, an IPv4 address or a bracketed IPv6
 * address; the port defaults to the scheme's. A trailing {@code /} is tolerated; paths, queries and user information
 * are refused, since the probe would silently ignore them.
 */
record Target(Scheme scheme, String host, int port) {

    static Target parse(String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException(
                    "expected scheme://host[:port], e.g. smtp://mail.example.org:25; got " + url);
        }
        String id = url.substring(0, sep);
        Scheme scheme = Scheme.of(id)
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown scheme '" + id + "'; supported: " + Scheme.list()));
        String rest = url.substring(sep + 3);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.contains("@")) {
            throw new IllegalArgumentException("user information is not supported in " + url + " (nothing is sent)");
        }
        if (rest.contains("/") || rest.contains("?") || rest.contains("#")) {
            throw new IllegalArgumentException("a path, query or fragment is not supported in " + url);
        }
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in IPv6 address: " + url);
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected '" + after + "' after the IPv6 address in " + url);
                }
                portText = after.substring(1);
            }
            if (!host.contains(":")) {
                throw new IllegalArgumentException("not an IPv6 address in brackets: " + url);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0 && rest.indexOf(':') != colon) {
                throw new IllegalArgumentException("an IPv6 address needs brackets, e.g. smtp://[::1]:25; got " + url);
            }
            host = colon < 0 ? rest : rest.substring(0, colon);
            portText = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + url);
        }
        if (!host.matches("[A-Za-z0-9._:%-]+")) {
            throw new IllegalArgumentException("not a host name or address: '" + host + "'");
        }
        int port = portText == null ? scheme.defaultPort() : parsePort(portText, url);
        return new Target(scheme, host.toLowerCase(Locale.ROOT), port);
    }

    private static int parsePort(String text, String url) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 5) {
            throw new IllegalArgumentException("bad port '" + text + "' in " + url);
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range (1-65535): " + port);
        }
        return port;
    }

    /** The URL again, normalised (explicit port, brackets around IPv6). */
    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme.id() + "://" + h + ":" + port;
    }
}
