package dev.startle.smtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header lookup of {@link ReceivedMail} on awkward messages. */
class ReceivedMailTest {

    private static ReceivedMail mail(String content) {
        return new ReceivedMail(
                "s1",
                null,
                "",
                List.of("bob@example.net"),
                Map.of(),
                content.getBytes(StandardCharsets.UTF_8),
                false,
                null,
                null,
                Instant.EPOCH);
    }

    @Test
    void foldedRepeatedAndUtf8FieldsAreFound() {
        ReceivedMail mail = mail("Received: from a\r\n\tby b\r\nreceived: from c\r\nSubject: Grüße\r\n"
                + "X-Empty:\r\n\r\nSubject: in the body\r\n");
        assertThat(mail.headers("Received")).containsExactly("from a\tby b", "from c");
        assertThat(mail.header("SUBJECT")).hasValue("Grüße");
        assertThat(mail.header("X-Empty")).hasValue("");
        assertThat(mail.header("X-Missing")).isEmpty();
        assertThat(mail.from()).isEmpty(); // the null sender <>
        assertThat(mail.toString()).contains("plaintext");
    }

    @Test
    void messagesWithoutHeadersOrBodyDoNotConfuseTheLookup() {
        assertThat(mail("Subject: no body\r\n").header("Subject")).hasValue("no body");
        assertThat(mail("Subject: no CRLF").header("Subject")).hasValue("no CRLF");
        assertThat(mail("\r\nSubject: body only\r\n\r\n").header("Subject")).isEmpty();
        assertThat(mail("").header("Subject")).isEmpty();
        assertThat(mail(" leading continuation\r\nSubject: x\r\n").header("Subject"))
                .hasValue("x");
    }
}
