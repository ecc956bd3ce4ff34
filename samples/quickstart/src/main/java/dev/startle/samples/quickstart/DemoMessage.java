package dev.startle.samples.quickstart;

import dev.startle.smtp.Attachment;
import dev.startle.smtp.MailMessage;
import java.nio.charset.StandardCharsets;

/** The message the quickstart sends: a text part, an HTML alternative and a small CSV attachment. */
final class DemoMessage {
    static final String SUBJECT = "Hello from Startle — sent over STARTTLS";
    static final String ATTACHMENT = "handshakes.csv";
    static final String TEXT = "This message was sent by the Startle quickstart.\n\n"
            + "The connection started in plaintext and was switched to TLS (STARTTLS) before the client\n"
            + "authenticated or sent anything that matters.\n";

    private DemoMessage() {}

    static byte[] attachment() {
        StringBuilder csv = new StringBuilder("protocol,command,go-ahead,rfc\r\n")
                .append("SMTP,STARTTLS,220,3207\r\n")
                .append("IMAP,STARTTLS,OK,2595\r\n")
                .append("POP3,STLS,+OK,2595\r\n")
                .append("NNTP,STARTTLS,382,4642\r\n")
                .append("FTP,AUTH TLS,234,4217\r\n")
                .append("XMPP,<starttls/>,<proceed/>,6120\r\n")
                .append("LDAP,ExtendedRequest 1.3.6.1.4.1.1466.20037,success,4511\r\n");
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static MailMessage build(String from, String to) {
        return MailMessage.builder()
                .from("Startle Quickstart", from)
                .to(to)
                .subject(SUBJECT)
                .text(TEXT)
                .html("<p>This message was sent by the <b>Startle</b> quickstart.</p>"
                        + "<p>The connection started in plaintext and was switched to TLS (STARTTLS) before the"
                        + " client authenticated or sent anything that matters.</p>")
                .attach(Attachment.of(ATTACHMENT, "text/csv; charset=UTF-8", attachment()))
                .build();
    }
}
