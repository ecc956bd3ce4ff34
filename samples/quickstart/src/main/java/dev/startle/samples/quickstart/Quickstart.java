package dev.startle.samples.quickstart;

import dev.startle.core.Line;
import dev.startle.core.LineClient;
import dev.startle.core.LineConnection;
import dev.startle.core.LineServer;
import dev.startle.core.TlsInfo;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.core.Wiretap;
import dev.startle.core.WiretapListener.Direction;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * Startle in one run: an embedded STARTTLS server on loopback (certificate minted at start-up) and a client that
 * connects, upgrades the same connection to TLS in the middle of the conversation, and keeps talking. Prints the
 * transcript as each side saw it and what TLS negotiated.
 *
 * <p>With {@code --host H --port P --to RCPT} it sends a real message with an attachment through that SMTP server
 * (STARTTLS required by default, AUTH with {@code --user} and the password in {@code $STARTLE_PASSWORD}). With
 * {@code --host H --port P} alone the client talks to a real SMTP server instead (EHLO, STARTTLS, EHLO, QUIT), e.g.
 * {@code --host smtp.example.org --port 587}; {@code --ca CA.pem} trusts a private CA, {@code --insecure} trusts any
 * certificate (diagnostics only).
 */
public final class Quickstart {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final PrintStream out = System.out;
    private static final long START = System.nanoTime();

    private Quickstart() {}

    public static void main(String[] args) throws Exception {
        String host = null;
        int port = -1;
        boolean insecure = false;
        String ca = null;
        String user = null;
        String from = null;
        String to = null;
        TlsMode mode = TlsMode.STARTTLS_REQUIRED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--insecure" -> insecure = true;
                case "--ca" -> ca = args[++i];
                case "--user" -> user = args[++i];
                case "--from" -> from = args[++i];
                case "--to" -> to = args[++i];
                case "--tls-mode" ->
                    mode = TlsMode.valueOf(args[++i].toUpperCase(Locale.ROOT).replace('-', '_'));
                case "--help", "-h" -> {
                    out.println("usage: quickstart [--host HOST --port PORT [--ca CA.pem | --insecure]"
                            + " [--tls-mode starttls_required|implicit|...]"
                            + " [--to RCPT [--from SENDER] [--user USER (password from $STARTLE_PASSWORD)]]]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        int status;
        if (host == null) {
            status = embedded();
        } else if (to != null) {
            status = SendMail.send(
                    host,
                    port,
                    mode,
                    trust(ca, insecure),
                    user,
                    System.getenv("STARTLE_PASSWORD"),
                    from != null ? from : (user != null && user.contains("@") ? user : to),
                    to,
                    (direction, text) -> print("client", direction, text));
        } else {
            status = remote(host, port, ca, insecure);
        }
        System.exit(status);
    }

    /** Embedded server and client on 127.0.0.1. */
    private static int embedded() throws Exception {
        Instant now = Instant.now();
        X509Bundle ca = new CertificateBuilder()
                .subject("CN=Startle Quickstart CA")
                .setIsCertificateAuthority(true)
                .notBefore(now.minus(1, ChronoUnit.HOURS))
                .notAfter(now.plus(1, ChronoUnit.DAYS))
                .ecp256()
                .buildSelfSigned();
        X509Bundle cert = new CertificateBuilder()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .notBefore(now.minus(1, ChronoUnit.HOURS))
                .notAfter(now.plus(1, ChronoUnit.DAYS))
                .ecp256()
                .buildIssuedBy(ca);
        phase("minted a CA and a certificate for localhost (ECDSA P-256), valid for one day");

        DisposableServer server = LineServer.create()
                .tls(TlsSettings.defaults().withKeyMaterial(cert.getKeyPair().getPrivate(), cert.getCertificatePath()))
                .wiretap(Wiretap.to((id, direction, secure, text) -> print("server", direction, secure, text)))
                .bindNow(Quickstart::serve);
        phase("server listening on 127.0.0.1:" + server.port() + " (plaintext, STARTTLS offered)");

        LineClient client = LineClient.create()
                .host("localhost")
                .port(server.port())
                .tls(TlsSettings.defaults().withTrustedCertificates(ca.getCertificate()))
                .wiretap(Wiretap.to((id, direction, secure, text) -> print("client", direction, secure, text)));
        try {
            return converse(client, "quickstart.example");
        } finally {
            server.disposeNow(WAIT);
        }
    }

    /** A real SMTP server: greeting, EHLO, STARTTLS, EHLO again over TLS, QUIT. */
    private static int remote(String host, int port, String ca, boolean insecure) {
        if (port < 0) {
            System.err.println("--host needs --port (25, 587 for STARTTLS)");
            return 2;
        }
        TlsSettings tls = trust(ca, insecure);
        LineClient client = LineClient.create()
                .host(host)
                .port(port)
                .tlsMode(TlsMode.STARTTLS_REQUIRED)
                .tls(tls)
                .wiretap(Wiretap.to((id, direction, secure, text) -> print("client", direction, secure, text)));
        return converse(client, "quickstart.startle.dev");
    }

    private static TlsSettings trust(String ca, boolean insecure) {
        if (insecure) {
            return TlsSettings.defaults().withInsecureTrustAllCertificates();
        }
        return ca != null
                ? TlsSettings.defaults().withTrustedCertificates(java.nio.file.Path.of(ca))
                : TlsSettings.defaults();
    }

    /** The client side: the same dialogue against the embedded server or a real SMTP server. */
    private static int converse(LineClient client, String helo) {
        try {
            LineConnection c = client.connectNow(WAIT);
            phase("connected " + c.localAddress() + " -> " + c.remoteAddress());
            expect(reply(c), "220");
            c.send("EHLO " + helo).block(WAIT);
            Line ehlo = reply(c);
            expect(ehlo, "250");
            c.send("STARTTLS").block(WAIT);
            expect(reply(c), "220");
            phase("go-ahead received; switching this connection to TLS");
            c.upgradeToTls().block(WAIT);
            TlsInfo tls = c.tls().orElseThrow();
            phase(String.format(
                    Locale.ROOT,
                    "TLS established in %d ms: %s, %s, provider %s, server %s",
                    tls.handshakeDuration().toMillis(),
                    tls.protocol(),
                    tls.cipherSuite(),
                    tls.provider(),
                    tls.peerCertificates().get(0).getSubjectX500Principal().getName()));
            phase("everything learned before TLS is forgotten: asking again over TLS");
            c.send("EHLO " + helo).block(WAIT);
            expect(reply(c), "250");
            c.send("QUIT").block(WAIT);
            expect(reply(c), "221");
            c.close().block(WAIT);
            phase("done: every line after the upgrade travelled encrypted on the same TCP connection");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e);
            return 1;
        }
    }

    /** Reads one SMTP reply (all its lines) and returns the last line. */
    private static Line reply(LineConnection c) {
        Line line;
        do {
            line = c.lines().next().block(WAIT);
            if (line == null) {
                throw new IllegalStateException("the server closed the connection");
            }
        } while (line.length() > 3 && line.byteAt(3) == '-');
        return line;
    }

    private static void expect(Line reply, String code) {
        if (!reply.text().startsWith(code)) {
            throw new IllegalStateException("expected " + code + ", got: " + reply.text());
        }
    }

    /** The embedded server: a tiny SMTP-shaped conversation, one line at a time (upgrade-safe). */
    private static Mono<Void> serve(LineConnection c) {
        return c.send("220 localhost quickstart ESMTP")
                .thenMany(c.lines().concatMap(line -> answer(c, line), 0))
                .then();
    }

    private static Mono<Void> answer(LineConnection c, Line line) {
        String verb = line.text().split(" ", 2)[0].toUpperCase(Locale.ROOT);
        return switch (verb) {
            case "EHLO" ->
                c.isSecure()
                        ? c.send(
                                "250-localhost greets you over "
                                        + c.tls().map(TlsInfo::protocol).orElse("?"),
                                "250 SIZE 10485760")
                        : c.send("250-localhost", "250 STARTTLS");
            case "STARTTLS" -> c.upgradeToTls("220 Ready to start TLS").then();
            case "QUIT" -> c.send("221 bye").then(c.close());
            default -> c.send("502 command not implemented");
        };
    }

    private static void phase(String text) {
        out.printf(Locale.ROOT, "%6d ms  ==  %s%n", elapsedMillis(), text);
    }

    private static void print(String side, Direction direction, boolean secure, String text) {
        print(side, direction, (secure ? "tls   " : "plain ") + text);
    }

    private static void print(String side, Direction direction, String text) {
        String arrow = direction == Direction.OUTBOUND ? "->" : "<-";
        out.printf(Locale.ROOT, "%6d ms  %-6s %s %s%n", elapsedMillis(), side, arrow, text);
    }

    private static long elapsedMillis() {
        return (System.nanoTime() - START) / 1_000_000;
    }
}
