package dev.startle.samples.probe;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable report on stdout. */
final class TextReport {
    private static final String ROW = "  %-22s %s%n";

    private TextReport() {}

    static void print(ProbeReport r, PrintStream out, Instant now) {
        boolean implicit = r.target.scheme().implicitTls();
        out.printf("%s (%s)%n", r.target, implicit ? "implicit TLS" : "STARTTLS");
        row(out, "connected", r.remote == null ? "no" : r.local + " -> " + r.remote);
        row(out, "greeting", r.greeting);
        if (!implicit && r.remote != null) {
            row(out, "STARTTLS offered", offer(r.offer));
            row(out, "STARTTLS go-ahead", r.goAhead);
        }
        if (r.tlsProtocol != null) {
            out.println("TLS");
            row(out, "protocol", r.tlsProtocol);
            row(out, "cipher suite", r.cipherSuite);
            row(out, "provider", r.provider);
            row(out, "server name (SNI)", r.serverName == null ? "(none sent)" : r.serverName);
            row(out, "handshake", Text.duration(r.handshake) + (r.resumed ? ", session resumed" : ""));
        }
        out.println("Certificate verification");
        row(out, "result", verification(r));
        row(out, "trust", r.trustSource);
        if (!r.chain.isEmpty()) {
            out.println("Certificate chain (as sent by the server, leaf first)");
            for (int i = 0; i < r.chain.size(); i++) {
                certificate(out, i, r.chain.get(i), now);
            }
        }
        capabilities(out, r);
        if (!r.timings.isEmpty()) {
            out.println("Timings");
            for (Map.Entry<String, Duration> t : r.timings.entrySet()) {
                out.printf(
                        Locale.ROOT,
                        "  %-22s %8d ms%n",
                        t.getKey(),
                        t.getValue().toMillis());
            }
            out.printf(Locale.ROOT, "  %-22s %8d ms%n", "total", r.total().toMillis());
            out.println("  (startup and the first connect include the JVM warming up)");
        }
        for (String note : r.notes) {
            out.println("Note: " + note);
        }
        out.println(r.ok() ? "Result: OK" : "Result: FAILED (exit " + r.exitCode + ")");
    }

    private static String offer(StartTlsOffer offer) {
        if (offer == null) {
            return null;
        }
        return switch (offer) {
            case OFFERED -> "yes";
            case NOT_OFFERED -> "NO";
            case UNKNOWN -> "not advertised by this protocol/server: asked directly";
        };
    }

    private static String verification(ProbeReport r) {
        return switch (r.verification) {
            case PASSED -> "OK: " + r.verificationDetail;
            case FAILED -> "FAILED: " + r.verificationDetail + (r.insecure ? " (ignored: --insecure)" : "");
            case NOT_REACHED -> "not reached (no completed handshake)";
        };
    }

    private static void certificate(PrintStream out, int index, CertificateSummary c, Instant now) {
        out.printf("  [%d] subject  %s%n", index, c.subject());
        out.printf("      issuer   %s%n", c.issuer());
        long days = c.daysLeft(now);
        String state = c.validity(now);
        out.printf(
                "      valid    %s .. %s (%s%s)%n",
                c.notBefore(), c.notAfter(), state, state.equals("valid") ? ", " + days + " days left" : "");
        if (!c.subjectAltNames().isEmpty()) {
            out.printf("      SANs     %s%n", String.join(", ", c.subjectAltNames()));
        }
        out.printf("      key      %s, signed with %s%n", c.key(), c.signatureAlgorithm());
        out.printf("      sha256   %s%n", c.sha256());
    }

    /** One list with markers: {@code -} only before TLS, {@code +} only after TLS, blank in both. */
    private static void capabilities(PrintStream out, ProbeReport r) {
        Capabilities shown = r.after != null ? r.after : r.before;
        if (shown == null) {
            return;
        }
        if (r.target.scheme().implicitTls() || r.before == null || r.after == null) {
            out.printf("Capabilities (%s%s)%n", shown.command(), r.after != null ? ", over TLS" : ", before TLS");
            list(out, "  ", shown);
            return;
        }
        out.printf("Capabilities (%s): '-' only before TLS, '+' only over TLS%n", shown.command());
        List<String> removed = r.before.notIn(r.after);
        for (String item : r.before.items()) {
            out.println((removed.contains(item) ? "  - " : "    ") + item);
        }
        for (String item : r.after.notIn(r.before)) {
            out.println("  + " + item);
        }
        if (!r.before.listed() || !r.after.listed()) {
            out.printf("    (%s not supported %s)%n", shown.command(), r.before.listed() ? "over TLS" : "before TLS");
        } else if (removed.isEmpty() && r.after.notIn(r.before).isEmpty()) {
            out.println("    (no difference)");
        }
    }

    private static void list(PrintStream out, String indent, Capabilities caps) {
        if (!caps.listed()) {
            out.println(indent + "(" + caps.command() + " not supported)");
        }
        caps.items().forEach(i -> out.println(indent + i));
    }

    private static void row(PrintStream out, String label, String value) {
        if (value != null) {
            out.printf(ROW, label, value);
        }
    }
}
