package dev.startle.smtp.test;

import dev.startle.smtp.MessageBody;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.SmtpMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Messages for the tests. */
final class Mails {
    static final Duration WAIT = Duration.ofSeconds(10);

    private Mails() {}

    /** The RFC 5322 bytes of a short message with this subject. */
    static byte[] bytes(String subject) {
        return ("From: alice@example.org\r\nTo: bob@example.net\r\nSubject: " + subject + "\r\n\r\nHello Bob.\r\n"
                        + ".a line that needs dot-stuffing\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A message from alice@example.org to bob@example.net. */
    static SmtpMessage message(String subject) {
        return SmtpMessage.of(
                "alice@example.org", List.of(Recipient.of("bob@example.net")), MessageBody.of(bytes(subject)));
    }
}
