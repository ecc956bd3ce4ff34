package dev.startle.smtp;

import static dev.startle.smtp.MimeFixtures.SESSION;
import static dev.startle.smtp.MimeFixtures.collect;
import static dev.startle.smtp.MimeFixtures.parse;
import static dev.startle.smtp.MimeFixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** A Jakarta Mail MimeMessage becomes an SmtpMessage: envelope from its headers, bytes from writeTo, Bcc hidden. */
class JakartaMessagesTest {
    @TempDir
    Path dir;

    private static MimeMessage message() throws Exception {
        MimeMessage mime = new MimeMessage(SESSION);
        mime.setFrom(new InternetAddress("alice@example.org", "Alice"));
        mime.setRecipients(RecipientType.TO, "bob@example.net, carol@example.net");
        mime.setRecipients(RecipientType.CC, "dave@example.net");
        mime.setRecipients(RecipientType.BCC, "secret@example.com, bob@example.net");
        mime.setSubject("Grüße 😀", "UTF-8");
        mime.setText("Hallo Bob, schöne Grüße", "UTF-8");
        return mime;
    }

    @Test
    void theEnvelopeHasEveryRecipientIncludingBccButTheBytesHaveNoBcc() throws Exception {
        SmtpMessage smtp = JakartaMessages.from(message());

        assertThat(smtp.from()).isEqualTo("alice@example.org");
        assertThat(smtp.recipients())
                .extracting(Recipient::address)
                .containsExactly("bob@example.net", "carol@example.net", "dave@example.net", "secret@example.com");
        byte[] bytes = collect(smtp.body().content());
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .doesNotContainIgnoringCase("bcc:")
                .doesNotContain("secret");
        MimeMessage parsed = parse(bytes);
        assertThat(parsed.getRecipients(RecipientType.BCC)).isNull();
        assertThat(parsed.getSubject()).isEqualTo("Grüße 😀");
        assertThat(parsed.getContent()).isEqualTo("Hallo Bob, schöne Grüße");
        assertThat(((InternetAddress) parsed.getFrom()[0]).getPersonal()).isEqualTo("Alice");
        assertThat(parsed.getRecipients(RecipientType.CC))
                .extracting(Object::toString)
                .containsExactly("dave@example.net");
        assertThat(smtp.body().has8BitContent()).isFalse();
        MimeFixtures.assertSevenBit(bytes);
    }

    @Test
    void theSenderHeaderOrAnExplicitAddressIsTheEnvelopeSender() throws Exception {
        MimeMessage mime = message();
        mime.setSender(new InternetAddress("robot@example.org"));

        assertThat(JakartaMessages.from(mime).from()).isEqualTo("robot@example.org");
        assertThat(JakartaMessages.from(mime, "bounces@example.org").from()).isEqualTo("bounces@example.org");
    }

    @Test
    void membersOfGroupAddressesAreEnvelopeRecipients() throws Exception {
        MimeMessage mime = new MimeMessage(SESSION);
        mime.setFrom("alice@example.org");
        mime.setRecipients(RecipientType.TO, InternetAddress.parse("Team: bob@example.net, carol@example.net;"));
        mime.setText("x");

        assertThat(JakartaMessages.from(mime).recipients())
                .extracting(Recipient::address)
                .containsExactly("bob@example.net", "carol@example.net");
    }

    @Test
    void eachSubscriptionWritesTheSameBytes() throws Exception {
        SmtpMessage smtp = JakartaMessages.from(message());

        byte[] first = collect(smtp.body().content());
        byte[] second = collect(smtp.body().content());

        assertThat(second).isEqualTo(first);
        assertThat(parse(first).getMessageID()).isNotBlank();
    }

    @Test
    void aMultipartMessageWithAFileAttachmentIsWrittenOffTheNonBlockingThreads() throws Exception {
        Path file = dir.resolve("data.bin");
        byte[] data = new byte[200_000];
        new java.util.Random(3).nextBytes(data);
        Files.write(file, data);
        MimeMessage mime = message();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("see attached", "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.attachFile(file.toFile()); // read with FileInputStream, which BlockHound reports
        attachment.setFileName("Daten für März.bin");
        mime.setContent(new MimeMultipart(text, attachment));
        SmtpMessage smtp = JakartaMessages.from(mime);

        byte[] bytes = Flux.defer(() -> smtp.body().content())
                .subscribeOn(Schedulers.parallel())
                .as(MimeFixtures::collect);

        MimeMultipart parsed = (MimeMultipart) parse(bytes).getContent();
        assertThat(parsed.getBodyPart(1).getFileName()).isEqualTo("Daten für März.bin");
        assertThat(readAll(parsed.getBodyPart(1).getInputStream())).isEqualTo(data);
        MimeFixtures.assertWireFormat(bytes);
    }

    @Test
    void aSessionAllowingUtf8DeclaresEightBitContent() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.allowutf8", "true");
        MimeMessage mime = new MimeMessage(jakarta.mail.Session.getInstance(properties));
        mime.setFrom("alice@example.org");
        mime.setRecipients(RecipientType.TO, "bob@example.net");
        mime.setSubject("Grüße", "UTF-8");
        mime.setText("x");

        assertThat(JakartaMessages.from(mime).body().has8BitContent()).isTrue();
    }

    @Test
    void aMessageWithoutRecipientsOrSenderIsRefused() throws Exception {
        MimeMessage noRecipients = new MimeMessage(SESSION);
        noRecipients.setFrom("alice@example.org");
        MimeMessage noSender = new MimeMessage(SESSION);
        noSender.setRecipients(RecipientType.TO, "bob@example.net");

        assertThatThrownBy(() -> JakartaMessages.from(noRecipients)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JakartaMessages.from(noSender)).isInstanceOf(IllegalArgumentException.class);
    }
}
