package dev.startle.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.TlsRequiredException;
import dev.startle.core.TlsSettings;
import dev.startle.core.Wiretap;
import dev.startle.core.testing.Peers;
import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.MessageBody;
import dev.startle.smtp.MessageTooLargeException;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.RecipientsRejectedException;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpAuthenticationException;
import dev.startle.smtp.SmtpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/**
 * The SMTP client against a real Postfix (with Dovecot SASL) started on 127.0.0.1 by {@code .ci/peers start}; every
 * delivery is read back from the Maildir and compared byte for byte.
 */
class PostfixInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALICE = "alice@startle.test";

    private static SmtpClient client(String portKey, TlsMode mode) {
        return SmtpClient.create()
                .host("localhost")
                .port(Peers.port(portKey))
                .tlsMode(mode)
                .tls(TlsSettings.defaults().withTrustedCertificates(Peers.ca()))
                .ehloName("client.startle.test")
                .wiretap(Wiretap.slf4j("dev.startle.wire"));
    }

    private static PasswordCredential alice() {
        return PasswordCredential.of(Peers.get("STARTLE_PEER_USER"), Peers.get("STARTLE_PEER_PASSWORD"));
    }

    /** A small message with a unique token in its subject and body. */
    private static byte[] message(String token, String extraBody) {
        String text = "From: Alice <alice@startle.test>\r\n"
                + "To: Alice <alice@startle.test>\r\n"
                + "Subject: interop " + token + "\r\n"
                + "Message-ID: <" + token + "@startle.test>\r\n"
                + "Date: Thu, 26 Nov 2026 12:00:00 +0000\r\n"
                + "\r\n"
                + "Hello over STARTTLS, " + token + ".\r\n"
                + ".a line that starts with a dot\r\n"
                + extraBody;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SmtpMessage to(String recipient, byte[] bytes) {
        return SmtpMessage.of(ALICE, List.of(Recipient.of(recipient)), MessageBody.of(bytes));
    }

    /** Postfix stores messages with LF line ends; our bytes have CRLF. */
    private static byte[] lf(byte[] crlf) {
        return new String(crlf, StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertDeliveredIntact(String token, byte[] sent) {
        Path file = Maildir.await("alice", token, WAIT);
        String delivered = new String(Maildir.read(file), StandardCharsets.ISO_8859_1);
        assertThat(delivered).endsWith(new String(lf(sent), StandardCharsets.ISO_8859_1));
        assertThat(delivered).containsPattern("\\(using TLSv1\\.[23] with cipher");
    }

    @ParameterizedTest(name = "chunking {0}")
    @ValueSource(booleans = {true, false})
    void relaysOverStartTlsWithPipeliningAndReadsBackTheSameBytes(boolean chunking) {
        String token = UUID.randomUUID().toString();
        byte[] bytes = message(token, "");
        SmtpClient client =
                client("STARTLE_POSTFIX_RELAY_PORT", TlsMode.STARTTLS_REQUIRED).useChunking(chunking);
        try {
            SendResult result = client.send(to(ALICE, bytes)).block(WAIT);
            assertThat(result.secure()).isTrue();
            assertThat(result.accepted()).containsExactly(Recipient.of(ALICE));
            assertThat(result.queueId()).isPresent();
            assertThat(result.warnings()).isEmpty();
            assertDeliveredIntact(token, bytes);
        } finally {
            client.close().block(WAIT);
        }
    }

    @Test
    void submitsWithStartTlsAndAuthOnTheSubmissionPort() {
        String token = UUID.randomUUID().toString();
        byte[] bytes = message(token, "");
        SmtpClient client = client("STARTLE_POSTFIX_SUBMISSION_PORT", TlsMode.STARTTLS_REQUIRED)
                .credentials(alice());
        try {
            SendResult result = client.send(to(ALICE, bytes)).block(WAIT);
            assertThat(result.secure()).isTrue();
            assertDeliveredIntact(token, bytes);
            assertThat(new String(Maildir.read(Maildir.await("alice", token, WAIT)), StandardCharsets.UTF_8))
                    .contains("Authenticated sender: alice@startle.test");
        } finally {
            client.close().block(WAIT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void authenticatesWithAPinnedMechanismOverImplicitTls(String mechanism) {
        String token = UUID.randomUUID().toString();
        byte[] bytes = message(token, "");
        SmtpClient client = client("STARTLE_POSTFIX_SMTPS_PORT", TlsMode.IMPLICIT)
                .credentials(alice())
                .authMechanism(mechanism);
        try {
            SendResult result = client.send(to(ALICE, bytes)).block(WAIT);
            assertThat(result.secure()).isTrue();
            assertDeliveredIntact(token, bytes);
        } finally {
            client.close().block(WAIT);
        }
    }

    @Test
    void wrongPasswordIsATypedRefusalWithTheServersReply() {
        SmtpClient client = client("STARTLE_POSTFIX_SUBMISSION_PORT", TlsMode.STARTTLS_REQUIRED)
                .credentials(PasswordCredential.of("alice@startle.test", "not-the-password"));
        try {
            assertThatThrownBy(() -> client.send(to(ALICE, message("x", ""))).block(WAIT))
                    .isInstanceOf(SmtpAuthenticationException.class)
                    .satisfies(e -> {
                        SmtpAuthenticationException auth = (SmtpAuthenticationException) e;
                        assertThat(auth.code()).isEqualTo(535);
                        assertThat(auth.isPermanent()).isTrue();
                        assertThat(auth.enhancedCode()).map(Object::toString).contains("5.7.8");
                    });
        } finally {
            client.close().block(WAIT);
        }
    }

    @Test
    void requiredStartTlsFailsBeforeMailWhenTheServerDoesNotOfferIt() {
        String token = UUID.randomUUID().toString();
        SmtpClient client =
                client("STARTLE_POSTFIX_PLAIN_PORT", TlsMode.STARTTLS_REQUIRED).credentials(alice());
        try {
            assertThatThrownBy(() -> client.send(to(ALICE, message(token, ""))).block(WAIT))
                    .isInstanceOf(TlsRequiredException.class)
                    .hasMessageContaining("does not offer STARTTLS");
            assertThat(Maildir.any("alice", token)).isFalse();
        } finally {
            client.close().block(WAIT);
        }
    }

    @Test
    void opportunisticStartTlsProceedsInPlaintextWithAWarning() {
        String token = UUID.randomUUID().toString();
        byte[] bytes = message(token, "");
        SmtpClient client = client("STARTLE_POSTFIX_PLAIN_PORT", TlsMode.STARTTLS_OPPORTUNISTIC);
        try {
            SendResult result = client.send(to(ALICE, bytes)).block(WAIT);
            assertThat(result.secure()).isFalse();
            assertThat(result.warnings()).anyMatch(w -> w.contains("does not offer STARTTLS"));
            Path file = Maildir.await("alice", token, WAIT);
            assertThat(new String(Maildir.read(file), StandardCharsets.ISO_8859_1))
                    .endsWith(new String(lf(bytes), StandardCharsets.ISO_8859_1));
        } finally {
            client.close().block(WAIT);
        }
    }

    @Test
    void opportunisticModeStillRefusesToSendCredentialsInPlaintext() {
        SmtpClient client = client("STARTLE_POSTFIX_PLAIN_PORT", TlsMode.STARTTLS_OPPORTUNISTIC)
                .credentials(alice());
        try {
            assertThatThrownBy(() -> client.send(to(ALICE, message("x", ""))).block(WAIT))
                    .isInstanceOf(TlsRequiredException.class)
                    .hasMessageContaining("credentials");
        } finally {
            client.close().block(WAIT);
        }
    }

    @Test
    void eightBitBodyAndUtf8EnvelopeUse8BitMimeAndSmtpUtf8() {
        String token = UUID.randomUUID().toString();
        byte[] bytes = message(token, "Grüße aus Köln, 東京 — 8-bit body\r\n");
        SmtpMessage message = SmtpMessage.of("ålice@startle.test", List.of(Recipient.of(ALICE)), MessageBody.of(bytes));
        SmtpClient client =
                client("STARTLE_POSTFIX_RELAY_PORT", TlsMode.STARTTLS_REQUIRED).useChunking(false);
        try {
            client.send(message).block(WAIT);
            Path file = Maildir.await("alice", token, WAIT);
            assertThat(Maildir.read(file)).endsWith(lf(bytes));
            assertThat(new String(Maildir.read(file), StandardCharsets.UTF_8))
                    .contains("Return-Path: <ålice@startle.test>");
        } finally {
            client.close().block(WAIT);
        }
    }

    @Test
    void aMessageOverTheServersSizeLimitIsRefusedLocallyBeforeMailFrom() {
        // Declares 70 MB (Postfix announces SIZE 62914560) without producing a byte: the check is local.
        MessageBody huge = MessageBody.of(Flux::<ByteBuf>empty, OptionalLong.of(70L << 20), false);
        SmtpClient client = client("STARTLE_POSTFIX_RELAY_PORT", TlsMode.STARTTLS_REQUIRED);
        try {
            assertThatThrownBy(() -> client.send(SmtpMessage.of(ALICE, List.of(Recipient.of(ALICE)), huge))
                            .block(WAIT))
                    .isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("62914560");
        } finally {
            client.close().block(WAIT);
        }
    }

    @Test
    void unknownRecipientsAreReportedAndTheOthersStillGetTheMessage() {
        String token = UUID.randomUUID().toString();
        byte[] bytes = message(token, "");
        SmtpMessage message = SmtpMessage.of(
                ALICE,
                List.of(Recipient.of("nobody@startle.test"), Recipient.of(ALICE), Recipient.of("x@example.org")),
                MessageBody.of(bytes));
        SmtpClient client = client("STARTLE_POSTFIX_RELAY_PORT", TlsMode.STARTTLS_REQUIRED);
        try {
            SendResult result = client.send(message).block(WAIT);
            assertThat(result.accepted()).containsExactly(Recipient.of(ALICE));
            assertThat(result.rejected())
                    .containsOnlyKeys(Recipient.of("nobody@startle.test"), Recipient.of("x@example.org"));
            assertThat(result.rejected()
                            .get(Recipient.of("nobody@startle.test"))
                            .code())
                    .isEqualTo(550);
            assertDeliveredIntact(token, bytes);

            assertThatThrownBy(() -> client.send(SmtpMessage.of(
                                    ALICE, List.of(Recipient.of("nobody@startle.test")), MessageBody.of(bytes)))
                            .block(WAIT))
                    .isInstanceOf(RecipientsRejectedException.class);
            // The pooled session survives refusals: the next send works.
            String again = UUID.randomUUID().toString();
            client.send(to(ALICE, message(again, ""))).block(WAIT);
            Maildir.await("alice", again, WAIT);
        } finally {
            client.close().block(WAIT);
        }
    }

    @ParameterizedTest(name = "chunking {0}")
    @ValueSource(booleans = {true, false})
    void streamsA50MegabyteBodyProducedLazilyAndDeliversItIntact(boolean chunking) throws Exception {
        String token = UUID.randomUUID().toString();
        byte[] header = message(token, "").clone();
        int lines = 50 * 1024 * 1024 / 100;
        // Lines of 98 bytes + CRLF, some starting with a dot: produced lazily, 100 lines per buffer.
        MessageBody body = MessageBody.of(
                () -> Flux.concat(
                        Flux.just(Unpooled.wrappedBuffer(header)),
                        Flux.range(0, lines / 100).map(PostfixInteropTest::hundredLines)),
                OptionalLong.empty(),
                false);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update(lf(header));
        for (int i = 0; i < lines / 100; i++) {
            ByteBuf chunk = hundredLines(i);
            byte[] b = new byte[chunk.readableBytes()];
            chunk.readBytes(b);
            chunk.release();
            expected.update(lf(b));
        }
        SmtpClient client = client("STARTLE_POSTFIX_RELAY_PORT", TlsMode.STARTTLS_REQUIRED)
                .useChunking(chunking)
                .tls(TlsSettings.defaults().withTrustedCertificates(Peers.ca()).withProvider(TlsProvider.OPENSSL));
        try {
            client.send(SmtpMessage.of(ALICE, List.of(Recipient.of(ALICE)), body))
                    .block(Duration.ofMinutes(2));
            Path file = Maildir.await("alice", token, WAIT);
            byte[] delivered = Maildir.read(file);
            String text = new String(delivered, StandardCharsets.ISO_8859_1);
            int start = text.indexOf("From: Alice");
            MessageDigest actual = MessageDigest.getInstance("SHA-256");
            actual.update(delivered, start, delivered.length - start);
            assertThat(HexFormat.of().formatHex(actual.digest()))
                    .isEqualTo(HexFormat.of().formatHex(expected.digest()));
        } finally {
            client.close().block(WAIT);
        }
    }

    private static ByteBuf hundredLines(int block) {
        // Built as an array: per-byte ByteBuf access is slow under the paranoid leak detector.
        byte[] out = new byte[100 * 100];
        int w = 0;
        for (int i = 0; i < 100; i++) {
            byte[] prefix = ((i % 10 == 0 ? "." : "L") + block + "-" + i + " ").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, out, w, prefix.length);
            for (int j = prefix.length; j < 98; j++) {
                out[w + j] = (byte) ('a' + (j % 26));
            }
            out[w + 98] = '\r';
            out[w + 99] = '\n';
            w += 100;
        }
        return Unpooled.wrappedBuffer(out);
    }
}
