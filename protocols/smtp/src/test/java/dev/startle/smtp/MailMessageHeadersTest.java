package dev.startle.smtp;

import static dev.startle.smtp.MimeFixtures.headerLines;
import static dev.startle.smtp.MimeFixtures.headerSection;
import static dev.startle.smtp.MimeFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MailMessageHeadersTest {
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");

    private static MailMessageBuilder minimal() {
        return MailMessage.builder().from("alice@example.org").to("bob@example.net");
    }

    @Test
    void addressesAndUtf8SubjectRoundTripThroughJakartaMail() throws Exception {
        MailMessage message = MailMessage.builder()
                .from("Alice Example", "alice@example.org")
                .to(Mailbox.of("Bob Müller", "bob@example.net"), Mailbox.of("carol@example.net"))
                .cc(Mailbox.of("Dürer, Albrecht", "albrecht@example.de"))
                .subject("Grüße aus Köln – 日本語 😀")
                .text("hi")
                .build();

        MimeMessage parsed = parse(message.toBytes());

        assertThat(parsed.getFrom()).containsExactly(new InternetAddress("alice@example.org", "Alice Example"));
        assertThat(((InternetAddress) parsed.getFrom()[0]).getPersonal()).isEqualTo("Alice Example");
        InternetAddress[] to = (InternetAddress[]) parsed.getRecipients(RecipientType.TO);
        assertThat(to).extracting(InternetAddress::getAddress).containsExactly("bob@example.net", "carol@example.net");
        assertThat(to[0].getPersonal()).isEqualTo("Bob Müller");
        InternetAddress cc = (InternetAddress) parsed.getRecipients(RecipientType.CC)[0];
        assertThat(cc.getPersonal()).isEqualTo("Dürer, Albrecht");
        assertThat(cc.getAddress()).isEqualTo("albrecht@example.de");
        assertThat(parsed.getSubject()).isEqualTo("Grüße aus Köln – 日本語 😀");
    }

    @Test
    void asciiDisplayNamesWithSpecialsAreQuoted() throws Exception {
        MailMessage message =
                minimal().cc(Mailbox.of("Smith, J. \"Jay\"", "jay@example.net")).build();

        assertThat(headerSection(message.toBytes())).contains("Cc: \"Smith, J. \\\"Jay\\\"\" <jay@example.net>\r\n");
        InternetAddress cc = (InternetAddress) parse(message.toBytes()).getRecipients(RecipientType.CC)[0];
        assertThat(cc.getPersonal()).isEqualTo("Smith, J. \"Jay\"");
    }

    @Test
    void bccRecipientsAreInTheEnvelopeButNeverInTheHeaders() throws Exception {
        MailMessage message = minimal().bcc("secret@example.com").text("hi").build();
        byte[] bytes = message.toBytes();

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .doesNotContainIgnoringCase("bcc")
                .doesNotContain("secret");
        assertThat(parse(bytes).getRecipients(RecipientType.BCC)).isNull();
        assertThat(message.toSmtpMessage().recipients())
                .extracting(Recipient::address)
                .contains("secret@example.com");
    }

    @Test
    void envelopeRecipientsAreToCcAndBccInOrderWithoutDuplicates() {
        MailMessage message = MailMessage.builder()
                .from("alice@example.org")
                .to("bob@example.net", "carol@example.net")
                .cc("bob@EXAMPLE.net", "dave@example.net")
                .bcc("carol@example.net", "eve@example.com", "Bob@example.net")
                .build();

        assertThat(message.toSmtpMessage().recipients())
                .extracting(Recipient::address)
                .containsExactly(
                        "bob@example.net",
                        "carol@example.net",
                        "dave@example.net",
                        "eve@example.com",
                        "Bob@example.net"); // local parts are case-sensitive
    }

    @Test
    void envelopeSenderIsTheFromAddressUnlessOverridden() {
        assertThat(minimal().build().toSmtpMessage().from()).isEqualTo("alice@example.org");
        assertThat(minimal()
                        .sender(Mailbox.of("robot@example.org"))
                        .build()
                        .toSmtpMessage()
                        .from())
                .isEqualTo("alice@example.org");
        assertThat(minimal()
                        .envelopeFrom("bounces+123@example.org")
                        .build()
                        .toSmtpMessage()
                        .from())
                .isEqualTo("bounces+123@example.org");
        assertThat(minimal().envelopeFrom("").build().toSmtpMessage().from()).isEmpty();
    }

    @Test
    void aMessageWithoutRecipientsCanBeWrittenButNotSent() {
        MailMessage draft =
                MailMessage.builder().from("alice@example.org").text("draft").build();

        assertThat(draft.toBytes()).isNotEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(draft::toSmtpMessage)
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MailMessage.builder().to("bob@example.net").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("From");
    }

    @Test
    void senderReplyToAndCustomHeadersAreWritten() throws Exception {
        MailMessage message = minimal()
                .sender(Mailbox.of("Robot", "robot@example.org"))
                .replyTo("help@example.org", "sales@example.org")
                .header("In-Reply-To", "<abc@example.net>")
                .header("X-Tag", "one")
                .header("X-Tag", "two")
                .header("X-Note", "Füße")
                .build();

        MimeMessage parsed = parse(message.toBytes());

        assertThat(((InternetAddress) parsed.getSender()).getAddress()).isEqualTo("robot@example.org");
        assertThat(parsed.getReplyTo())
                .extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("help@example.org", "sales@example.org");
        assertThat(parsed.getHeader("In-Reply-To")).containsExactly("<abc@example.net>");
        assertThat(parsed.getHeader("X-Tag")).containsExactly("one", "two");
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(parsed.getHeader("X-Note")[0]))
                .isEqualTo("Füße");
    }

    @Test
    void dateIsRfc5322FromTheInjectedClockOrAsGiven() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2024-03-05T07:08:09Z"), ZoneId.of("Europe/Berlin"));
        MailMessage fromClock = minimal().clock(clock).build();
        MailMessage given = minimal()
                .date(OffsetDateTime.of(2023, 12, 24, 18, 30, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30)))
                .build();

        assertThat(headerSection(fromClock.toBytes())).startsWith("Date: Tue, 5 Mar 2024 08:08:09 +0100\r\n");
        assertThat(headerSection(given.toBytes())).startsWith("Date: Sun, 24 Dec 2023 18:30:00 -0330\r\n");
        assertThat(parse(fromClock.toBytes()).getSentDate().toInstant()).isEqualTo("2024-03-05T07:08:09Z");
    }

    @Test
    void messageIdIsRandomAtTheDomainOfFromUnlessGiven() throws Exception {
        MailMessage first = minimal().build();
        MailMessage second = minimal().build();
        MailMessage idn = MailMessage.builder()
                .from("jörg@bücher.example")
                .to("bob@example.net")
                .build();
        MailMessage given = minimal().messageId("<order-42@shop.example>").build();

        assertThat(first.messageId())
                .matches("[0-9a-z]+\\.[0-9a-f]{32}@example\\.org")
                .isNotEqualTo(second.messageId());
        assertThat(headerSection(first.toBytes())).contains("\r\nMessage-ID: <" + first.messageId() + ">\r\n");
        assertThat(parse(first.toBytes()).getMessageID()).isEqualTo("<" + first.messageId() + ">");
        assertThat(idn.messageId()).endsWith("@xn--bcher-kva.example");
        assertThat(parse(given.toBytes()).getMessageID()).isEqualTo("<order-42@shop.example>");
    }

    @Test
    void longUtf8SubjectIsFoldedIntoEncodedWordsThatNeverSplitACharacter() throws Exception {
        String subject = "Überraschung! ".repeat(4) + "日本語のテキスト".repeat(5) + " 😀🎉".repeat(10);
        MailMessage message = minimal().subject(subject).build();
        byte[] bytes = message.toBytes();

        List<String> subjectLines = subjectLines(bytes);
        assertThat(subjectLines).hasSizeGreaterThan(3);
        assertThat(subjectLines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        Matcher words = ENCODED_WORD.matcher(String.join("\r\n", subjectLines));
        int count = 0;
        while (words.find()) {
            count++;
            assertThat(words.group().length()).isLessThanOrEqualTo(75);
            strictUtf8(Base64.getDecoder().decode(words.group(1))); // each word decodes on its own
        }
        assertThat(count).isEqualTo(subjectLines.size());
        assertThat(parse(bytes).getSubject()).isEqualTo(subject);
    }

    @Test
    void longAsciiSubjectIsFoldedAtItsSpacesAndKeepsThem() throws Exception {
        String subject = "Quarterly report:  numbers\tand plans for " + "the next several weeks ".repeat(6) + "end";
        byte[] bytes = minimal().subject(subject).build().toBytes();

        List<String> subjectLines = subjectLines(bytes);
        assertThat(subjectLines).hasSizeGreaterThan(1);
        assertThat(subjectLines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(String.join("", subjectLines)).doesNotContain("=?");
        assertThat(parse(bytes).getSubject()).isEqualTo(subject);
    }

    @Test
    void asciiTextThatLooksLikeAnEncodedWordIsEncodedSoItIsNotDecoded() throws Exception {
        String subject = "literally =?UTF-8?B?SGk=?= here";
        assertThat(parse(minimal().subject(subject).build().toBytes()).getSubject())
                .isEqualTo(subject);
    }

    @Test
    void utf8AddressesAreWrittenRawAndNeedSmtpUtf8() throws Exception {
        MailMessage ascii = minimal().subject("Grüße").build();
        MailMessage international = MailMessage.builder()
                .from("Jörg", "jörg@bücher.example")
                .to("пользователь@пример.рф")
                .build();

        assertThat(ascii.requiresSmtpUtf8()).isFalse();
        assertThat(ascii.toSmtpMessage().body().has8BitContent()).isFalse();
        assertThat(international.requiresSmtpUtf8()).isTrue();
        assertThat(international.toSmtpMessage().requiresSmtpUtf8()).isTrue();
        assertThat(international.toSmtpMessage().body().has8BitContent()).isTrue();
        String headers = headerSection(international.toBytes());
        assertThat(headers).contains("From: =?UTF-8?B?SsO2cmc=?= <jörg@bücher.example>\r\n");
        assertThat(headers).contains("To: пользователь@пример.рф\r\n");
    }

    @Test
    void headerOrderIsConventional() {
        byte[] bytes = minimal()
                .cc("carol@example.net")
                .subject("s")
                .header("X-A", "a")
                .build()
                .toBytes();

        assertThat(headerLines(bytes))
                .extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly(
                        "Date",
                        "From",
                        "To",
                        "Cc",
                        "Message-ID",
                        "Subject",
                        "X-A",
                        "MIME-Version",
                        "Content-Type",
                        "Content-Transfer-Encoding");
    }

    private static List<String> subjectLines(byte[] bytes) {
        List<String> lines = headerLines(bytes);
        int start = 0;
        while (!lines.get(start).startsWith("Subject:")) {
            start++;
        }
        int end = start + 1;
        while (end < lines.size() && lines.get(end).startsWith(" ")) {
            end++;
        }
        return lines.subList(start, end);
    }

    private static void strictUtf8(byte[] bytes) throws CharacterCodingException {
        StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
    }
}
