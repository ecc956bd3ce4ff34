package dev.startle.samples.quickstart;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.core.Wiretap;
import dev.startle.core.WiretapListener.Direction;
import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.Attachment;
import dev.startle.smtp.MailMessage;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.client.SmtpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiConsumer;

/** Sends a real message with an attachment through an SMTP server with STARTTLS (or implicit TLS) and AUTH. */
final class SendMail {
    private SendMail() {}

    static int send(
            String host,
            int port,
            TlsMode mode,
            TlsSettings tls,
            String user,
            String password,
            String from,
            String to,
            BiConsumer<Direction, String> transcript) {
        SmtpClient client = SmtpClient.create()
                .host(host)
                .port(port)
                .tlsMode(mode)
                .tls(tls)
                .wiretap(Wiretap.to((id, direction, secure, text) ->
                        transcript.accept(direction, (secure ? "tls   " : "plain ") + text)));
        if (user != null) {
            client = client.credentials(PasswordCredential.of(user, password == null ? "" : password));
        }
        MailMessage message = MailMessage.builder()
                .from("Startle Quickstart", from)
                .to(to)
                .subject("Hello from Startle — sent over STARTTLS")
                .text("This message was sent by the Startle quickstart.\n\n"
                        + "The connection started in plaintext and was switched to TLS before anything else.\n")
                .html("<p>This message was sent by the <b>Startle</b> quickstart.</p>"
                        + "<p>The connection started in plaintext and was switched to TLS before anything else.</p>")
                .attach(Attachment.of(
                        "startle-notes.txt",
                        "text/plain; charset=UTF-8",
                        "STARTTLS: plaintext first, then TLS on the same connection.\n"
                                .getBytes(StandardCharsets.UTF_8)))
                .build();
        try {
            SendResult result = client.send(message.toSmtpMessage()).block(Duration.ofMinutes(2));
            System.out.printf(
                    Locale.ROOT,
                    "sent: %s, over TLS: %s, queue id: %s%n",
                    result.reply(),
                    result.secure(),
                    result.queueId().orElse("(none)"));
            result.rejected().forEach((r, reply) -> System.out.println("refused " + r + ": " + reply));
            result.warnings().forEach(w -> System.out.println("warning: " + w));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e);
            return 1;
        } finally {
            client.close().block(Duration.ofSeconds(30));
        }
    }
}
