package dev.startle.samples.quickstart;

import dev.startle.core.TlsMode;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The quickstart's command line. Without {@code --host} it runs the embedded demo; with it, it talks to that server.
 *
 * @param host a real SMTP server, or null for the embedded one
 * @param port the server's port; -1 for the default of the TLS mode (587, or 465 for implicit TLS)
 * @param tlsMode {@code starttls_required} unless {@code --tls-mode} says otherwise
 * @param user the AUTH user; the password comes from {@code $STARTLE_PASSWORD}
 * @param ca a PEM file with the CA to trust instead of the JDK's trust store
 * @param insecure trust any certificate (diagnostics only)
 * @param from the sender; defaults to the user when it is an address, else to the recipient
 * @param to the recipient; without it a real server only sees a session (STARTTLS, AUTH, QUIT)
 */
record QuickstartOptions(
        String host, int port, TlsMode tlsMode, String user, Path ca, boolean insecure, String from, String to) {

    static final String USAGE = "usage: quickstart [--host HOST [--port PORT] [--tls-mode starttls_required|implicit]"
            + " [--ca CA.pem | --insecure] [--user USER (password in $STARTLE_PASSWORD)] [--to RCPT] [--from SENDER]]";

    /** Parses {@code args}; throws IllegalArgumentException with the reason for anything it does not understand. */
    static QuickstartOptions parse(String[] args) {
        String host = null;
        int port = -1;
        TlsMode mode = TlsMode.STARTTLS_REQUIRED;
        String user = null;
        Path ca = null;
        boolean insecure = false;
        String from = null;
        String to = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--host" -> host = value(args, ++i, arg);
                case "--port" -> port = port(value(args, ++i, arg));
                case "--tls-mode" -> mode = mode(value(args, ++i, arg));
                case "--user" -> user = value(args, ++i, arg);
                case "--ca" -> ca = Path.of(value(args, ++i, arg));
                case "--insecure" -> insecure = true;
                case "--from" -> from = value(args, ++i, arg);
                case "--to" -> to = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (host == null && (port != -1 || user != null || to != null || ca != null || insecure)) {
            throw new IllegalArgumentException("--port, --user, --to, --ca and --insecure need --host");
        }
        if (ca != null && insecure) {
            throw new IllegalArgumentException("--ca and --insecure contradict each other");
        }
        return new QuickstartOptions(host, port, mode, user, ca, insecure, from, to);
    }

    /** The port to use: the given one, or 465 for implicit TLS and 587 (submission) otherwise. */
    int portOrDefault() {
        return port > 0 ? port : tlsMode == TlsMode.IMPLICIT ? 465 : 587;
    }

    /** The sender: {@code --from}, else the user when it looks like an address, else the recipient. */
    String sender() {
        if (from != null) {
            return from;
        }
        return user != null && user.contains("@") ? user : to;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be 1-65535: " + text);
        }
    }

    private static TlsMode mode(String text) {
        try {
            return TlsMode.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--tls-mode must be starttls_required, starttls_opportunistic, implicit or none: " + text);
        }
    }
}
