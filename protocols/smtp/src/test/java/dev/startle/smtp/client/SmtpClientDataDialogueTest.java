package dev.startle.smtp.client;

import static dev.startle.smtp.client.Dialogues.ALICE;
import static dev.startle.smtp.client.Dialogues.BOB;
import static dev.startle.smtp.client.Dialogues.BODY;
import static dev.startle.smtp.client.Dialogues.GO_AHEAD;
import static dev.startle.smtp.client.Dialogues.MAIL_OK;
import static dev.startle.smtp.client.Dialogues.QUEUED;
import static dev.startle.smtp.client.Dialogues.RCPT_OK;
import static dev.startle.smtp.client.Dialogues.WAIT;
import static dev.startle.smtp.client.Dialogues.failureOf;
import static dev.startle.smtp.client.Dialogues.greeted;
import static dev.startle.smtp.client.Dialogues.message;
import static dev.startle.smtp.client.Dialogues.plain;
import static dev.startle.smtp.client.Dialogues.sendAndClose;
import static dev.startle.smtp.client.Dialogues.toBob;
import static dev.startle.smtp.client.Dialogues.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.smtp.ExtensionRequiredException;
import dev.startle.smtp.MessageBody;
import dev.startle.smtp.MessageTooLargeException;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.testing.ScriptedSmtpServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/**
 * The message data as the SMTP client sends it to a {@link ScriptedSmtpServer}, in plaintext: DATA dot-stuffed, BDAT
 * chunks with the exact bytes, and the local checks made before MAIL FROM (SIZE, SMTPUTF8, 8BITMIME).
 */
class SmtpClientDataDialogueTest {

    // ---- DATA and BDAT

    @Test
    void dataIsDotStuffedAndCrlfNormalisedOnTheWire() {
        String body = "Subject: dots\r\n\r\n.starts with a dot\n..two dots\r.\r\nend";
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("DATA")
                .reply(MAIL_OK, RCPT_OK, GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            sendAndClose(plain(server), message(body, BOB));

            server.verify(WAIT);
            assertThat(new String(server.conversation(1).dataBytes(0), StandardCharsets.UTF_8))
                    .isEqualTo("Subject: dots\r\n\r\n..starts with a dot\r\n...two dots\r\n..\r\nend\r\n");
        }
    }

    @Test
    void withChunkingAndPipeliningTheBodyGoesAsBdatChunksWithTheExactBytes() {
        // The client coalesces small buffers into chunks of at least 64 KiB: a large first buffer makes two chunks.
        String big = "a".repeat(70_000);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING", "CHUNKING")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .reply(MAIL_OK, RCPT_OK)
                .expectBdat()
                .reply("250 2.0.0 70022 octets received")
                .expectBdat()
                .reply("250 2.0.0 Ok: queued as BDAT1")
                .quit())) {
            // A CR ends the first chunk and its LF starts the next; a bare LF; no final line end.
            MessageBody body = MessageBody.of(
                    () -> Flux.just(
                            buffer("Subject: x\r\n\r\n.line\n" + big + "\r"), buffer("\nmore\n"), buffer("end")),
                    OptionalLong.empty(),
                    false);
            SmtpMessage message = SmtpMessage.of(ALICE, List.of(Recipient.of(BOB)), body);
            SendResult result = sendAndClose(plain(server), message);

            assertThat(result.queueId()).contains("BDAT1");
            server.verify(WAIT);
            assertThat(server.conversation(1).commands())
                    .containsSubsequence("BDAT 70022", "BDAT 12 LAST")
                    .doesNotContain("DATA");
            // No dot-stuffing, line ends completed, a final CRLF added; the CR/LF split across chunks stays one CRLF.
            assertThat(new String(server.conversation(1).bdatBytes(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("Subject: x\r\n\r\n.line\r\n" + big + "\r\nmore\r\nend\r\n");
        }
    }

    @Test
    void aSmallBodyGoesAsOneBdatLastChunk() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING", "CHUNKING", "8BITMIME")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .reply(MAIL_OK, RCPT_OK)
                .expectBdat()
                .reply(QUEUED)
                .quit())) {
            sendAndClose(plain(server), message(".dot\nbare LF\rbare CR", BOB));

            server.verify(WAIT);
            assertThat(server.conversation(1).commands()).contains("BDAT 24 LAST");
            assertThat(new String(server.conversation(1).bdatBytes(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(".dot\r\nbare LF\r\nbare CR\r\n");
        }
    }

    @Test
    void useChunkingFalseSendsDataEvenWhenChunkingIsOffered() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING", "CHUNKING")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("DATA")
                .reply(MAIL_OK, RCPT_OK, GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            sendAndClose(plain(server).useChunking(false), toBob());

            server.verify(WAIT);
            assertThat(server.conversation(1).dataBytes(0)).isEqualTo(utf8(BODY));
        }
    }

    // ---- local checks

    @Test
    void aMessageOverTheAnnouncedSizeFailsBeforeMailFrom() {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.start(greeted("PIPELINING", "SIZE 100").quit())) {
            Throwable error = failureOf(plain(server), message("x".repeat(200), BOB));

            assertThat(error).isInstanceOf(MessageTooLargeException.class);
            assertThat(((MessageTooLargeException) error).size()).isEqualTo(200);
            assertThat(((MessageTooLargeException) error).limit()).isEqualTo(100);
            server.verify(WAIT);
            assertThat(server.conversation(1).commands()).noneMatch(c -> c.startsWith("MAIL"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIZE 1000", "SIZE"})
    void mailFromDeclaresTheSizeWhenTheServerOffersSize(String size) {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted(size)
                .expect("MAIL FROM:<alice@example.org> SIZE=" + utf8(BODY).length)
                .reply(MAIL_OK)
                .expect("RCPT TO:<bob@example.net>")
                .reply(RCPT_OK)
                .expect("DATA")
                .reply(GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            sendAndClose(plain(server), toBob());
            server.verify(WAIT);
        }
    }

    @Test
    void aUtf8EnvelopeWithoutSmtpUtf8FailsBeforeMailFrom() {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.start(greeted("PIPELINING", "8BITMIME").quit())) {
            Throwable error = failureOf(plain(server), message(BODY, "jösé@example.net"));

            assertThat(error).isInstanceOf(ExtensionRequiredException.class);
            assertThat(((ExtensionRequiredException) error).extension()).isEqualTo("SMTPUTF8");
            server.verify(WAIT);
        }
    }

    @Test
    void anEightBitBodyWithout8BitMimeOrChunkingFailsBeforeMailFrom() {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.start(greeted("PIPELINING").quit())) {
            Throwable error = failureOf(plain(server), message("Subject: caf\u00e9\r\n\r\nd\u00e9j\u00e0 vu\r\n", BOB));

            assertThat(error).isInstanceOf(ExtensionRequiredException.class);
            assertThat(((ExtensionRequiredException) error).extension()).isEqualTo("8BITMIME");
            server.verify(WAIT);
        }
    }

    @Test
    void aUtf8EnvelopeAndAnEightBitBodyAreDeclaredWhenOffered() {
        String body = "Subject: caf\u00e9\r\n\r\nd\u00e9j\u00e0 vu\r\n";
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("SMTPUTF8", "8BITMIME")
                .expect("MAIL FROM:<alice@example.org> BODY=8BITMIME SMTPUTF8")
                .reply(MAIL_OK)
                .expect("RCPT TO:<jösé@example.net>")
                .reply(RCPT_OK)
                .expect("DATA")
                .reply(GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            sendAndClose(plain(server), message(body, "jösé@example.net"));

            server.verify(WAIT);
            assertThat(server.conversation(1).dataBytes(0)).isEqualTo(utf8(body));
        }
    }

    private static ByteBuf buffer(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }
}
