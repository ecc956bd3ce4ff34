package dev.startle.samples.webfluxmail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service against its embedded relay: STARTTLS required, AUTH required, @reject.test refused. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sample.limits.max-attachment-size=256KB")
@AutoConfigureWebTestClient(timeout = "30s")
class MessageApiTest {
    @Autowired
    WebTestClient web;

    @Autowired
    Inbox inbox;

    @BeforeEach
    void emptyInbox() {
        inbox.clear();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    /** The attachment named {@code name} in a received message, decoded. */
    private static byte[] attachment(byte[] raw, String name) throws Exception {
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        Multipart multipart = (Multipart) mime.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (name.equals(part.getFileName())) {
                return part.getInputStream().readAllBytes();
            }
        }
        throw new AssertionError("no attachment " + name + " in the message");
    }

    @Test
    void jsonWithAnAttachmentArrivesOverTlsIntact() throws Exception {
        byte[] pdf = randomBytes(100_000);
        Map<String, Object> request = Map.of(
                "to",
                List.of("bob@example.net"),
                "cc",
                List.of("Carol <carol@example.net>".replaceAll(".*<|>", "")),
                "subject",
                "Quarterly report – Q3",
                "text",
                "Hello Bob,\nthe report is attached.",
                "html",
                "<p>Hello Bob,<br>the report is attached.</p>",
                "attachments",
                List.of(Map.of(
                        "name", "report.pdf",
                        "contentType", "application/pdf",
                        "base64", Base64.getEncoder().encodeToString(pdf))));
        web.post()
                .uri("/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted[0]")
                .isEqualTo("bob@example.net")
                .jsonPath("$.accepted[1]")
                .isEqualTo("carol@example.net")
                .jsonPath("$.rejected")
                .isEmpty()
                .jsonPath("$.secure")
                .isEqualTo(true)
                .jsonPath("$.reply.code")
                .isEqualTo(250)
                .jsonPath("$.messageId")
                .isNotEmpty();

        assertThat(inbox.messages()).hasSize(1);
        Inbox.Message received = inbox.messages().get(0);
        assertThat(received.secure()).isTrue();
        assertThat(received.tlsProtocol()).startsWith("TLSv1.");
        assertThat(received.authenticatedUser()).isEqualTo(EmbeddedRelay.USER);
        assertThat(received.from()).isEqualTo("webflux-mail@startle.example");
        assertThat(received.recipients()).containsExactly("bob@example.net", "carol@example.net");
        assertThat(attachment(received.raw(), "report.pdf")).isEqualTo(pdf);

        web.get()
                .uri("/inbox")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].secure")
                .isEqualTo(true)
                .jsonPath("$[0].recipients[0]")
                .isEqualTo("bob@example.net")
                .jsonPath("$[0].subject")
                .value(subject -> assertThat((String) subject).startsWith("=?UTF-8?"));
        web.get()
                .uri("/inbox/{id}", received.id())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("message/rfc822")
                .expectBody(byte[].class)
                .isEqualTo(received.raw());
    }

    @Test
    void multipartUploadArrivesIntact() throws Exception {
        byte[] image = randomBytes(200_000);
        FormData form = new FormData()
                .field("to", "bob@example.net, dave@example.net")
                .field("subject", "Photo")
                .field("text", "See attached.")
                .file("file", "photo.jpg", "image/jpeg", image);
        web.post()
                .uri("/messages")
                .contentType(form.contentType())
                .bodyValue(form.bytes())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted.length()")
                .isEqualTo(2)
                .jsonPath("$.secure")
                .isEqualTo(true);
        Inbox.Message received = inbox.messages().get(0);
        assertThat(received.recipients()).containsExactly("bob@example.net", "dave@example.net");
        assertThat(attachment(received.raw(), "photo.jpg")).isEqualTo(image);
        assertThat(new String(received.raw(), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("Content-Type: image/jpeg");
    }

    static Stream<Arguments> badRequests() {
        String big = Base64.getEncoder().encodeToString(new byte[300 * 1024]);
        return Stream.of(
                Arguments.of("no recipient", Map.of("subject", "s", "text", "t"), "to", "at least one recipient"),
                Arguments.of(
                        "invalid address",
                        Map.of("to", List.of("bob@example.net", "not-an-address"), "subject", "s", "text", "t"),
                        "to[1]",
                        "invalid address"),
                Arguments.of(
                        "header injection in an address",
                        Map.of("to", List.of("bob@example.net\r\nBcc: eve@example.org"), "subject", "s", "text", "t"),
                        "to[0]",
                        "invalid address"),
                Arguments.of(
                        "no subject", Map.of("to", List.of("bob@example.net"), "text", "t"), "subject", "required"),
                Arguments.of(
                        "subject with a line break",
                        Map.of("to", List.of("bob@example.net"), "subject", "a\r\nBcc: eve@example.org", "text", "t"),
                        "subject",
                        "control character"),
                Arguments.of(
                        "no body",
                        Map.of("to", List.of("bob@example.net"), "subject", "s"),
                        "text",
                        "text or html is required"),
                Arguments.of(
                        "bad base64",
                        Map.of(
                                "to",
                                List.of("bob@example.net"),
                                "subject",
                                "s",
                                "text",
                                "t",
                                "attachments",
                                List.of(Map.of("name", "a.bin", "base64", "not*base64!"))),
                        "attachments[0].base64",
                        "not valid base64"),
                Arguments.of(
                        "attachment too large",
                        Map.of(
                                "to",
                                List.of("bob@example.net"),
                                "subject",
                                "s",
                                "text",
                                "t",
                                "attachments",
                                List.of(Map.of("name", "big.bin", "base64", big))),
                        "attachments[0]",
                        "larger than 256KB"),
                Arguments.of(
                        "multipart content type refused for an attachment",
                        Map.of(
                                "to",
                                List.of("bob@example.net"),
                                "subject",
                                "s",
                                "text",
                                "t",
                                "attachments",
                                List.of(Map.of("name", "x", "contentType", "multipart/mixed", "base64", "AAAA"))),
                        "attachments[0]",
                        "multipart"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIs400WithTheField(String name, Map<String, Object> request, String field, String message) {
        web.post()
                .uri("/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Invalid mail request")
                .jsonPath("$.errors[?(@.field == '" + field + "')].message")
                .value(messages -> assertThat(messages.toString()).containsIgnoringCase(message));
        assertThat(inbox.messages()).isEmpty();
    }

    @Test
    void malformedJsonIs400() {
        web.post()
                .uri("/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"to\": [")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(400);
    }

    @Test
    void tooLargeUploadIs400() {
        FormData form = new FormData()
                .field("to", "bob@example.net")
                .field("subject", "Big")
                .field("text", "x")
                .file("file", "big.bin", "application/octet-stream", new byte[300 * 1024]);
        web.post()
                .uri("/messages")
                .contentType(form.contentType())
                .bodyValue(form.bytes())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .value(m -> assertThat((String) m).contains("larger than 256KB"));
        assertThat(inbox.messages()).isEmpty();
    }

    @Test
    void aRefusedRecipientIs502WithTheSmtpReply() {
        web.post()
                .uri("/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("to", List.of("nobody@reject.test"), "subject", "s", "text", "t"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("The relay refused the recipients")
                .jsonPath("$.smtp.code")
                .isEqualTo(550)
                .jsonPath("$.smtp.enhancedCode")
                .isEqualTo("5.1.1")
                .jsonPath("$.smtp.command")
                .isEqualTo("RCPT TO")
                .jsonPath("$.smtp.text")
                .value(text -> assertThat((String) text).contains("mailbox unavailable"))
                .jsonPath("$.rejected[0].recipient")
                .isEqualTo("nobody@reject.test");
        assertThat(inbox.messages()).isEmpty();
    }

    @Test
    void someRefusedRecipientsStillSendToTheOthers() {
        web.post()
                .uri("/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("to", List.of("bob@example.net", "nobody@reject.test"), "subject", "s", "text", "t"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted[0]")
                .isEqualTo("bob@example.net")
                .jsonPath("$.rejected[0].recipient")
                .isEqualTo("nobody@reject.test")
                .jsonPath("$.rejected[0].code")
                .isEqualTo(550)
                .jsonPath("$.rejected[0].enhancedCode")
                .isEqualTo("5.1.1");
        assertThat(inbox.messages())
                .singleElement()
                .satisfies(m -> assertThat(m.recipients()).containsExactly("bob@example.net"));
    }

    @Test
    void healthShowsTheRelayUpOverTls() {
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.components.startleMail.status")
                .isEqualTo("UP")
                .jsonPath("$.components.startleMail.details.secure")
                .isEqualTo(true)
                .jsonPath("$.components.startleMail.details.authenticated")
                .isEqualTo(true)
                .jsonPath("$.components.startleMail.details.tlsProtocol")
                .value(p -> assertThat((String) p).startsWith("TLSv1."));
    }
}
