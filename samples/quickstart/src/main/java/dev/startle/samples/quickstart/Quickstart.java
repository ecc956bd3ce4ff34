package dev.startle.samples.quickstart;

import dev.startle.core.TlsSettings;
import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.MailMessage;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.client.SmtpClient;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Startle in one run. An embedded SMTP server on 127.0.0.1 (certificate minted at start-up, STARTTLS required, AUTH
 * for a demo user) and a Startle {@link SmtpClient} that sends it a message with an attachment: the connection starts
 * in plaintext and is upgraded to TLS in the middle of the conversation, before AUTH. Prints the conversation by
 * phase with timings, then reads the message back from the server's inbox.
 *
 * <p>With {@code --host H} the same client talks to a real server instead: {@code --port} (587, or 465 with
 * {@code --tls-mode implicit}), {@code --user} with the password in {@code $STARTLE_PASSWORD}, {@code --ca CA.pem} to
 * trust a private CA or {@code --insecure} (diagnostics only), and {@code --to} (and {@code --from}) to send a
 * message; without {@code --to} it only opens a session (STARTTLS, AUTH) and says goodbye.
 */
public final class Quickstart {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Quickstart() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the quickstart; returns the exit status instead of exiting (0 ok, 1 failed, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.println(QuickstartOptions.USAGE);
            return 0;
        }
        QuickstartOptions options;
        try {
            options = QuickstartOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(QuickstartOptions.USAGE);
            return 2;
        }
        try {
            if (options.host() != null) {
                return remote(options, out, err);
            }
            return embedded(out).intact() ? 0 : 1;
        } catch (RuntimeException e) {
            out.flush();
            err.println("FAILED: " + e);
            return 1;
        }
    }

    /** What the embedded demo sent and what the server's handler received. */
    record Outcome(byte[] sent, DemoServer.Delivery delivery, SendResult result) {
        boolean intact() {
            return delivery != null && Arrays.equals(sent, delivery.content());
        }
    }

    /** The embedded demo; the caller (or a test) checks {@link Outcome#intact()}. */
    static Outcome embedded(PrintStream out) throws Exception {
        Transcript transcript = new Transcript(out, System.nanoTime());
        out.println(
                "Startle quickstart: an SMTP server and client on 127.0.0.1; STARTTLS in mid-conversation, then AUTH");
        try (DemoServer server = new DemoServer()) {
            transcript.say("minted a throwaway CA and a certificate for localhost (ECDSA P-256, valid one day)");
            transcript.say("server on 127.0.0.1:" + server.port() + ": STARTTLS required, AUTH for " + DemoServer.USER
                    + " (random password)");
            SmtpClient client = SmtpClient.create()
                    .host("localhost")
                    .port(server.port())
                    .tls(TlsSettings.defaults().withTrustedCertificates(server.caCertificate()))
                    .credentials(PasswordCredential.of(DemoServer.USER, server.password()))
                    .wiretap(transcript.wiretap());
            MailMessage message = DemoMessage.build("quickstart@startle.test", DemoServer.USER);
            byte[] sent = message.toBytes();
            transcript.connecting(
                    "client connects to localhost:" + server.port() + " (STARTTLS required, the default)");
            SendResult result = SendMail.run(client, message.toSmtpMessage(), transcript, out);
            transcript.say("server accepted: " + result.reply() + (result.secure() ? " (over TLS)" : " (PLAINTEXT)"));
            transcript.printTimings();
            DemoServer.Delivery delivery = server.nextDelivery(WAIT);
            Outcome outcome = new Outcome(sent, delivery, result);
            out.println();
            if (delivery == null) {
                out.println("The server's inbox is empty.");
                return outcome;
            }
            out.printf(
                    "The server's inbox: 1 message from <%s> to %s, %d bytes, received over %s, AUTH as %s%n",
                    delivery.from(), delivery.recipients(), delivery.content().length, delivery.tls(), delivery.user());
            ReceivedView.parse(delivery.content()).print(out);
            out.println(
                    outcome.intact()
                            ? "  intact: the server received exactly the bytes the client sent (sha256 " + sha256(sent)
                                    + ")"
                            : "  NOT intact: the bytes received differ from the bytes sent");
            return outcome;
        }
    }

    /** A real server: one session with STARTTLS (or implicit TLS) and AUTH, and a message when {@code --to} is set. */
    private static int remote(QuickstartOptions o, PrintStream out, PrintStream err) throws Exception {
        Transcript transcript = new Transcript(out, System.nanoTime());
        TlsSettings tls = o.insecure()
                ? TlsSettings.defaults().withInsecureTrustAllCertificates()
                : o.ca() != null ? TlsSettings.defaults().withTrustedCertificates(o.ca()) : TlsSettings.defaults();
        SmtpClient client = SmtpClient.create()
                .host(o.host())
                .port(o.portOrDefault())
                .tlsMode(o.tlsMode())
                .tls(tls)
                .wiretap(transcript.wiretap());
        if (o.user() != null) {
            String password = System.getenv("STARTLE_PASSWORD");
            if (password == null) {
                err.println("--user needs the password in $STARTLE_PASSWORD");
                return 2;
            }
            client = client.credentials(PasswordCredential.of(o.user(), password));
        }
        transcript.connecting("client connects to " + o.host() + ":" + o.portOrDefault() + " (" + o.tlsMode() + ")");
        MailMessage message = o.to() == null ? null : DemoMessage.build(o.sender(), o.to());
        SendResult result = SendMail.run(client, message == null ? null : message.toSmtpMessage(), transcript, out);
        transcript.printTimings();
        out.println();
        if (result == null) {
            out.println("Session only (add --to RCPT to send a message).");
            return 0;
        }
        out.printf(
                "Sent: %s%s, queue id %s%n",
                result.reply(),
                result.secure() ? " (over TLS)" : " (PLAINTEXT)",
                result.queueId().orElse("(none)"));
        result.rejected().forEach((r, reply) -> out.println("refused " + r + ": " + reply));
        result.warnings().forEach(w -> out.println("warning: " + w));
        return 0;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
