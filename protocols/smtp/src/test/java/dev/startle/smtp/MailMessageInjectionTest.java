package dev.startle.smtp;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Everything that reaches a header is checked: line breaks and other control characters are refused, not escaped. */
class MailMessageInjectionTest {
    private static final byte[] BYTES = {1, 2, 3};

    static Stream<Arguments> injectionAttempts() {
        MailMessageBuilder b = MailMessage.builder();
        return Stream.of(
                attempt("CRLF in subject", () -> b.subject("Hi\r\nBcc: victim@example.com")),
                attempt("LF in subject", () -> b.subject("Hi\nX-Evil: 1")),
                attempt("CR in subject", () -> b.subject("Hi\rX-Evil: 1")),
                attempt("NUL in subject", () -> b.subject("Hi\0")),
                attempt("Unicode line separator in subject", () -> b.subject("Hi\u2028there")),
                attempt("CRLF in display name", () -> b.from("Alice\r\nBcc: x@example.com", "alice@example.org")),
                attempt("CRLF in address", () -> b.to("bob@example.net\r\nBcc: x@example.com")),
                attempt("LF in address", () -> b.to("bob@example.net\nRCPT TO:<x@example.com>")),
                attempt("space in address", () -> b.to("bob smith@example.net")),
                attempt("angle bracket in address", () -> b.to("bob@example.net>")),
                attempt("comma in address", () -> b.cc("a@example.net,b@example.net")),
                attempt("no domain", () -> b.to("bob@")),
                attempt("no @", () -> b.to("bob")),
                attempt("CRLF in envelope sender", () -> b.envelopeFrom("a@example.org\r\nRCPT TO:<x@y.z>")),
                attempt("CRLF in header value", () -> b.header("X-Tag", "a\r\nBcc: x@example.com")),
                attempt("CRLF in header name", () -> b.header("X-Tag\r\nBcc", "x@example.com")),
                attempt("colon in header name", () -> b.header("X-Tag:", "v")),
                attempt("space in header name", () -> b.header("X Tag", "v")),
                attempt("non-ASCII header name", () -> b.header("X-Größe", "v")),
                attempt("empty header name", () -> b.header("", "v")),
                attempt("CRLF in Message-ID", () -> b.messageId("<a@b>\r\nBcc: x@example.com")),
                attempt("Message-ID without @", () -> b.messageId("<abc>")),
                attempt("CRLF in Content-ID", () -> b.inline("logo\r\nX-Evil: 1", png())),
                attempt("space in Content-ID", () -> b.inline("my logo", png())),
                attempt("CRLF in file name", () -> Attachment.of("a.pdf\r\nX-Evil: 1", "application/pdf", BYTES)),
                attempt("CRLF in content type", () -> Attachment.of("a.pdf", "application/pdf\r\nX-Evil: 1", BYTES)),
                attempt(
                        "parameter injection in content type",
                        () -> Attachment.of("a", "text/plain; a=b\r\n c=d", BYTES)),
                attempt("trailing CRLF in content type", () -> Attachment.of("a.pdf", "application/pdf\r\n", BYTES)),
                attempt("content type without subtype", () -> Attachment.of("a.pdf", "pdf", BYTES)),
                attempt("multipart content type", () -> Attachment.of("a", "multipart/mixed", BYTES)));
    }

    private static Arguments attempt(String name, Executable call) {
        return Arguments.of(name, call);
    }

    private static Attachment png() {
        return Attachment.of("logo.png", "image/png", BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("injectionAttempts")
    void isRefusedWithIllegalArgumentException(String name, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "From",
                "to",
                "CC",
                "Bcc",
                "Subject",
                "Date",
                "Message-ID",
                "MIME-Version",
                "Content-Type",
                "content-transfer-encoding",
                "Reply-To",
                "Sender"
            })
    void headersTheBuilderWritesCannotBeAddedAsCustomHeaders(String name) {
        assertThatThrownBy(() -> MailMessage.builder().header(name, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("written by the builder");
    }

    @Test
    void ordinaryValuesAreAccepted() {
        assertThatNoException()
                .isThrownBy(() -> MailMessage.builder()
                        .from("Ünïcödé Nàmé", "o'brien+tag@mail.example.org")
                        .to("\"quoted.local\"@example.net", "user@[192.0.2.1]")
                        .subject("Tabs\tare fine, and so is ünïcode")
                        .header("List-Unsubscribe", "<mailto:unsubscribe@example.org>")
                        .messageId("20240101.abc@example.org")
                        .inline("logo@example.org", png())
                        .attach(Attachment.of("naïve file (1).txt", "text/plain; charset=\"utf-8\"", BYTES))
                        .build()
                        .toBytes());
    }
}
