package dev.startle.smtp;

import static dev.startle.smtp.MimeFixtures.assertSevenBit;
import static dev.startle.smtp.MimeFixtures.assertWireFormat;
import static dev.startle.smtp.MimeFixtures.find;
import static dev.startle.smtp.MimeFixtures.headerSection;
import static dev.startle.smtp.MimeFixtures.parse;
import static dev.startle.smtp.MimeFixtures.readAll;
import static dev.startle.smtp.MimeFixtures.structure;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The MIME tree has only the levels a message needs, and every part survives a round trip through Jakarta Mail. */
class MailMessageStructureTest {
    private static final byte[] PNG = random(3000, 1);
    private static final byte[] PDF = random(100_000, 2);

    private static MailMessageBuilder base() {
        return MailMessage.builder()
                .from("alice@example.org")
                .to("bob@example.net")
                .subject("s");
    }

    @Test
    void textOnlyIsASingleTextPlainPart() throws Exception {
        MimeMessage parsed = parse(base().text("Hello Bob").build().toBytes());

        assertThat(structure(parsed)).containsExactly("text/plain");
        assertThat(parsed.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(parsed.getContent()).isEqualTo("Hello Bob\r\n");
    }

    @Test
    void htmlOnlyIsASingleTextHtmlPart() throws Exception {
        MimeMessage parsed = parse(base().html("<p>Hi</p>").build().toBytes());

        assertThat(structure(parsed)).containsExactly("text/html");
    }

    @Test
    void textAndHtmlAreAlternatives() throws Exception {
        MimeMessage parsed =
                parse(base().text("Hi Bob").html("<p>Hi <b>Bob</b></p>").build().toBytes());

        assertThat(structure(parsed)).containsExactly("multipart/alternative", "  text/plain", "  text/html");
        assertThat(find(parsed, "text/plain").getContent()).isEqualTo("Hi Bob");
        assertThat(find(parsed, "text/html").getContent()).isEqualTo("<p>Hi <b>Bob</b></p>");
    }

    @Test
    void inlineImagesMakeAMultipartRelatedWithTheirContentId() throws Exception {
        MailMessage message = base().html("<img src=\"cid:logo@example.org\">")
                .inline("logo@example.org", Attachment.of("logo.png", "image/png", PNG))
                .build();
        MimeMessage parsed = parse(message.toBytes());

        assertThat(structure(parsed)).containsExactly("multipart/related", "  text/html", "  image/png");
        assertThat(parsed.getContentType()).contains("type=\"text/html\"");
        MimeBodyPart image = (MimeBodyPart) find(parsed, "image/png");
        assertThat(image.getContentID()).isEqualTo("<logo@example.org>");
        assertThat(image.getDisposition()).isEqualTo(Part.INLINE);
        assertThat(readAll(image.getInputStream())).isEqualTo(PNG);
    }

    @Test
    void everythingTogetherNestsMixedRelatedAlternative() throws Exception {
        MailMessage message = base().text("plain")
                .html("<img src=\"cid:logo\">")
                .inline("logo", Attachment.of("logo.png", "image/png", PNG))
                .attach(Attachment.of("report.pdf", "application/pdf", PDF))
                .attach(Attachment.of("data.csv", "text/csv; charset=UTF-8", "a,b\n1,2\n".getBytes()))
                .build();
        MimeMessage parsed = parse(message.toBytes());

        assertThat(structure(parsed))
                .containsExactly(
                        "multipart/mixed",
                        "  multipart/related",
                        "    multipart/alternative",
                        "      text/plain",
                        "      text/html",
                        "    image/png",
                        "  application/pdf",
                        "  text/csv");
        MimeMultipart mixed = (MimeMultipart) parsed.getContent();
        assertThat(mixed.getBodyPart(0).getContentType()).contains("type=\"multipart/alternative\"");
        BodyPart pdf = mixed.getBodyPart(1);
        assertThat(pdf.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(pdf.getFileName()).isEqualTo("report.pdf");
        assertThat(readAll(pdf.getInputStream())).isEqualTo(PDF);
        assertThat(mixed.getBodyPart(2).getContentType()).contains("charset=UTF-8");
        assertThat(readAll(mixed.getBodyPart(2).getInputStream())).isEqualTo("a,b\n1,2\n".getBytes());
    }

    @Test
    void attachmentsWithoutHtmlNeedNoRelatedLevel() throws Exception {
        MimeMessage parsed = parse(base().text("see attached")
                .attach(Attachment.of("a.bin", "application/octet-stream", PNG))
                .build()
                .toBytes());

        assertThat(structure(parsed)).containsExactly("multipart/mixed", "  text/plain", "  application/octet-stream");
    }

    @Test
    void nonAsciiAndLongFileNamesRoundTripWithRfc2231() throws Exception {
        String shortName = "Bericht März €.pdf";
        String longName = "Überweisungsbestätigung für das Geschäftsjahr 2024 – endgültige Fassung (überarbeitet) "
                + "日本語のファイル名.pdf";
        MailMessage message = base().text("x")
                .attach(Attachment.of(shortName, "application/pdf", PNG))
                .attach(Attachment.of(longName, "application/pdf", PNG))
                .attach(Attachment.of("quote\"and\\backslash.txt", "text/plain", PNG))
                .build();
        byte[] bytes = message.toBytes();
        MimeMultipart mixed = (MimeMultipart) parse(bytes).getContent();

        String wire = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(wire).contains("filename*=UTF-8''Bericht%20M%C3%A4rz%20%E2%82%AC.pdf");
        assertThat(wire).contains("filename*0*=UTF-8''").contains("filename*1*=");
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo(shortName);
        assertThat(mixed.getBodyPart(2).getFileName()).isEqualTo(longName);
        assertThat(mixed.getBodyPart(3).getFileName()).isEqualTo("quote\"and\\backslash.txt");
        assertThat(readAll(mixed.getBodyPart(2).getInputStream())).isEqualTo(PNG);
        assertWireFormat(bytes);
        assertSevenBit(bytes);
    }

    @Test
    void shortAsciiTextIsSent7bitAndAnythingElseQuotedPrintable() throws Exception {
        String ascii = "Hello Bob,\nsee you at 10.\n";
        String utf8 = "Grüße, Bob 😀\n";
        String longLine = "word ".repeat(40) + "\n";
        String trailingSpace = "ends with space \nand tab\t\n";

        assertThat(headerSection(base().text(ascii).build().toBytes())).contains("Content-Transfer-Encoding: 7bit");
        for (String text : new String[] {utf8, longLine, trailingSpace}) {
            byte[] bytes = base().text(text).build().toBytes();
            assertThat(headerSection(bytes)).contains("Content-Transfer-Encoding: quoted-printable");
            assertThat(parse(bytes).getContent()).isEqualTo(text.replace("\n", "\r\n"));
            assertSevenBit(bytes);
            assertWireFormat(bytes);
        }
    }

    @Test
    void lineBreaksInTextAreNormalisedToCrlf() throws Exception {
        byte[] bytes = base().text("unix\nmac\rwindows\r\nend").build().toBytes();

        assertWireFormat(bytes);
        assertThat(parse(bytes).getContent()).isEqualTo("unix\r\nmac\r\nwindows\r\nend\r\n");
    }

    @Test
    void textContainingTheBoundaryPrefixIsQuotedPrintableSoItCannotEndAPart() throws Exception {
        String sneaky = "--=_startle_0123 looks like a boundary";
        byte[] bytes = base().text(sneaky).html("<p>x</p>").build().toBytes();

        assertThat(find(parse(bytes), "text/plain").getContent()).isEqualTo(sneaky);
        assertThat(find(parse(bytes), "text/plain").getHeader("Content-Transfer-Encoding"))
                .containsExactly("quoted-printable");
    }

    @Test
    void aComplexMessageIsSevenBitCleanWithCrlfLinesOfAtMost998Octets() {
        String hugeLine = "ä".repeat(5000);
        byte[] bytes = base().subject("ü".repeat(300))
                .text(hugeLine)
                .html("<p>" + "x".repeat(3000) + "</p>")
                .header("X-Long", "word ".repeat(400))
                .header("X-Unbreakable", "x".repeat(2000))
                .inline("i", Attachment.of("i.png", "image/png", PNG))
                .attach(Attachment.of("ü".repeat(200) + ".bin", "application/octet-stream", PDF))
                .build()
                .toBytes();

        assertWireFormat(bytes);
        assertSevenBit(bytes);
    }

    @Test
    void base64LinesAre76Characters() {
        String wire = new String(
                base().attach(Attachment.of("a.bin", "application/octet-stream", PDF))
                        .build()
                        .toBytes(),
                StandardCharsets.US_ASCII);
        String body = wire.substring(wire.indexOf("Content-Transfer-Encoding: base64"));
        body = body.substring(body.indexOf("\r\n\r\n") + 4);
        String[] lines = body.substring(0, body.indexOf("\r\n\r\n")).split("\r\n");

        for (int i = 0; i < lines.length - 1; i++) {
            assertThat(lines[i]).hasSize(76);
        }
        assertThat(lines[lines.length - 1].length()).isBetween(4, 76);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
