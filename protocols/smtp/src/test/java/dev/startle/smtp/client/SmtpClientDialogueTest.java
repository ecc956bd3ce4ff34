package dev.startle.smtp.client;

import static dev.startle.smtp.client.Dialogues.BOB;
import static dev.startle.smtp.client.Dialogues.BODY;
import static dev.startle.smtp.client.Dialogues.CAROL;
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
import static dev.startle.smtp.testing.SmtpScript.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.ProtocolViolationException;
import dev.startle.core.TlsMode;
import dev.startle.core.Wiretap;
import dev.startle.smtp.EnhancedStatusCode;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.RecipientsRejectedException;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.testing.ScriptedSmtpServer;
import dev.startle.smtp.testing.SmtpScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SMTP client's mail transaction against a {@link ScriptedSmtpServer}, in plaintext ({@link TlsMode#NONE}):
 * pipelining, recipient refusals, refused commands, HELO fallback and malformed replies. The message data and local
 * checks, STARTTLS, AUTH and the pool have their own {@code SmtpClient*DialogueTest} classes.
 */
class SmtpClientDialogueTest {
    // ---- pipelining

    @Test
    void pipelinedMailRcptAndDataArriveInOneBatchBeforeAnyReply() {
        // The server reads all four commands before it answers: a client that waited for the MAIL reply would stall
        // the script (and fail it after the step timeout).
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING", "8BITMIME")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("RCPT TO:<carol@example.net>")
                .expect("DATA")
                .reply(MAIL_OK, RCPT_OK, RCPT_OK, GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            SendResult result = sendAndClose(plain(server), message(BODY, BOB, CAROL));

            assertThat(result.accepted()).containsExactly(Recipient.of(BOB), Recipient.of(CAROL));
            assertThat(result.rejected()).isEmpty();
            assertThat(result.reply().code()).isEqualTo(250);
            assertThat(result.queueId()).contains("4XYZ1");
            assertThat(result.secure()).isFalse();
            server.verify(WAIT);
            assertThat(server.conversation(1).dataBytes(0)).isEqualTo(utf8(BODY));
        }
    }

    @Test
    void withoutPipeliningEachCommandWaitsForTheReplyToThePreviousOne() {
        Dialogues.WireLog wire = new Dialogues.WireLog();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("8BITMIME")
                .expect("MAIL FROM:<alice@example.org>")
                .reply(MAIL_OK)
                .expect("RCPT TO:<bob@example.net>")
                .reply(RCPT_OK)
                .expect("RCPT TO:<carol@example.net>")
                .reply(RCPT_OK)
                .expect("DATA")
                .reply(GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            SmtpClient client = plain(server).wiretap(Wiretap.to(wire));
            SendResult result = sendAndClose(client, message(BODY, BOB, CAROL));

            assertThat(result.accepted()).hasSize(2);
            server.verify(WAIT);
            // As the client saw it: every command went out only after the previous reply came in.
            assertThat(wire.between("> MAIL FROM", "< 354"))
                    .containsExactly(
                            "> MAIL FROM:<alice@example.org>",
                            "< " + MAIL_OK,
                            "> RCPT TO:<bob@example.net>",
                            "< " + RCPT_OK,
                            "> RCPT TO:<carol@example.net>",
                            "< " + RCPT_OK,
                            "> DATA",
                            "< " + GO_AHEAD);
        }
    }

    // ---- recipients

    @Test
    void aPartlyRefusedEnvelopeSendsToTheAcceptedRecipientsAndReportsTheRefusedOnes() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING", "ENHANCEDSTATUSCODES")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("RCPT TO:<nobody@example.net>")
                .expect("DATA")
                .reply(
                        MAIL_OK,
                        RCPT_OK,
                        "550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown",
                        GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            SendResult result = sendAndClose(plain(server), message(BODY, BOB, "nobody@example.net"));

            assertThat(result.accepted()).containsExactly(Recipient.of(BOB));
            assertThat(result.rejected()).containsOnlyKeys(Recipient.of("nobody@example.net"));
            assertThat(result.rejected().get(Recipient.of("nobody@example.net")))
                    .satisfies(r -> {
                        assertThat(r.code()).isEqualTo(550);
                        assertThat(r.enhancedCode()).contains(new EnhancedStatusCode(5, 1, 1));
                    });
            server.verify(WAIT);
        }
    }

    @ParameterizedTest(name = "pipelined DATA refused with {0}")
    @ValueSource(strings = {"554 5.5.1 Error: no valid recipients", "503 5.5.1 Error: need RCPT command"})
    void whenEveryRecipientIsRefusedNothingIsSentAndTheTransactionIsReset(String dataRefusal) {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("RCPT TO:<carol@example.net>")
                .expect("DATA")
                .reply(MAIL_OK, "550 5.1.1 User unknown", "450 4.2.1 Mailbox busy", dataRefusal)
                .expect("RSET")
                .reply("250 2.0.0 Ok")
                .quit())) {
            Throwable error = failureOf(plain(server), message(BODY, BOB, CAROL));

            assertThat(error).isInstanceOf(RecipientsRejectedException.class);
            RecipientsRejectedException refused = (RecipientsRejectedException) error;
            assertThat(refused.rejected()).containsOnlyKeys(Recipient.of(BOB), Recipient.of(CAROL));
            assertThat(refused.code()).isEqualTo(550);
            assertThat(refused.command()).isEqualTo("RCPT TO");
            assertThat(refused.isPermanent()).as("one refusal was permanent").isTrue();
            server.verify(WAIT);
            assertThat(server.conversation(1).data()).isEmpty();
        }
    }

    @Test
    void whenEveryRecipientIsRefusedTransientlyTheRefusalIsTransient() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted()
                .expect("MAIL FROM:<alice@example.org>")
                .reply(MAIL_OK)
                .expect("RCPT TO:<bob@example.net>")
                .reply("450 4.2.1 Mailbox busy")
                .expect("RSET")
                .reply("250 2.0.0 Ok")
                .quit())) {
            Throwable error = failureOf(plain(server), toBob());

            assertThat(error).isInstanceOf(RecipientsRejectedException.class);
            assertThat(((RecipientsRejectedException) error).isTransient()).isTrue();
            server.verify(WAIT);
        }
    }

    @Test
    void aPipelinedDataWronglyAcceptedWithoutRecipientsIsEndedEmptyAndReset() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("DATA")
                .reply(MAIL_OK, "550 5.1.1 User unknown", GO_AHEAD)
                .expect(".")
                .reply("554 5.5.1 Error: no valid recipients")
                .expect("RSET")
                .reply("250 2.0.0 Ok")
                .quit())) {
            assertThat(failureOf(plain(server), toBob())).isInstanceOf(RecipientsRejectedException.class);
            server.verify(WAIT);
        }
    }

    @Test
    void requireAllRecipientsFailsOnAnyRefusalWithoutSendingDataToTheOthers() {
        // With PIPELINING, DATA must not be in the batch: once the server answered 354 there is no way back, and
        // ending the data would deliver an empty message to the accepted recipients.
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("RCPT TO:<nobody@example.net>")
                .reply(MAIL_OK, RCPT_OK, "550 5.1.1 User unknown")
                .expect("RSET")
                .reply("250 2.0.0 Ok")
                .quit())) {
            Throwable error =
                    failureOf(plain(server).requireAllRecipients(true), message(BODY, BOB, "nobody@example.net"));

            assertThat(error).isInstanceOf(RecipientsRejectedException.class);
            assertThat(((RecipientsRejectedException) error).rejected())
                    .containsOnlyKeys(Recipient.of("nobody@example.net"));
            server.verify(WAIT);
            assertThat(server.conversation(1).commands()).doesNotContain("DATA", ".");
        }
    }

    @Test
    void requireAllRecipientsSendsDataAfterEveryRecipientWasAccepted() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .reply(MAIL_OK, RCPT_OK)
                .expect("DATA")
                .reply(GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            SendResult result = sendAndClose(plain(server).requireAllRecipients(true), toBob());

            assertThat(result.accepted()).containsExactly(Recipient.of(BOB));
            server.verify(WAIT);
        }
    }

    // ---- refusals

    @ParameterizedTest(name = "{0}")
    @CsvSource({"451 4.3.0 Try again later, 451, 4.3.0, true", "550 5.7.1 Sender rejected, 550, 5.7.1, false"})
    void aRefusedMailFromIsATypedErrorWithTheServersCodes(
            String refusal, int code, String enhanced, boolean transientRefusal) {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted("PIPELINING", "ENHANCEDSTATUSCODES")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("DATA")
                .reply(refusal, "503 5.5.1 Error: need MAIL command", "503 5.5.1 Error: need MAIL command")
                .expect("RSET")
                .reply("250 2.0.0 Ok")
                .quit())) {
            Throwable error = failureOf(plain(server), toBob());

            assertThat(error).isExactlyInstanceOf(SmtpException.class);
            SmtpException refused = (SmtpException) error;
            assertThat(refused.command()).isEqualTo("MAIL FROM");
            assertThat(refused.code()).isEqualTo(code);
            assertThat(refused.enhancedCode().map(EnhancedStatusCode::toString)).contains(enhanced);
            assertThat(refused.isTransient()).isEqualTo(transientRefusal);
            assertThat(refused.isPermanent()).isEqualTo(!transientRefusal);
            server.verify(WAIT);
        }
    }

    @Test
    void aRefusedEndOfDataIsATypedErrorAndTheSessionStaysUsable() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted()
                .expect("MAIL FROM:<alice@example.org>")
                .reply(MAIL_OK)
                .expect("RCPT TO:<bob@example.net>")
                .reply(RCPT_OK)
                .expect("DATA")
                .reply(GO_AHEAD)
                .expectData()
                .reply("554 5.7.1 Message content rejected")
                .expect("MAIL FROM:<alice@example.org>")
                .reply(MAIL_OK)
                .expect("RCPT TO:<bob@example.net>")
                .reply(RCPT_OK)
                .expect("DATA")
                .reply(GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            SmtpClient client = plain(server);
            try {
                Throwable error = failureOf(client.send(toBob()));
                assertThat(error).isExactlyInstanceOf(SmtpException.class);
                assertThat(((SmtpException) error).command()).isEqualTo("DATA");
                assertThat(((SmtpException) error).code()).isEqualTo(554);
                assertThat(((SmtpException) error).isPermanent()).isTrue();

                assertThat(client.send(toBob()).block(WAIT)).isNotNull();
            } finally {
                client.close().block(WAIT);
            }
            server.verify(WAIT);
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    // ---- greeting, EHLO, malformed replies

    @Test
    void aRefusingGreetingFailsWithTheServersReply() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                script().reply("554 5.3.2 No SMTP service here").expectClose())) {
            Throwable error = failureOf(plain(server), toBob());

            assertThat(error).isExactlyInstanceOf(SmtpException.class);
            assertThat(((SmtpException) error).command()).isEqualTo("greeting");
            assertThat(((SmtpException) error).code()).isEqualTo(554);
            server.verify(WAIT);
            assertThat(server.conversation(1).commands()).isEmpty();
        }
    }

    @Test
    void aServerThatDoesNotKnowEhloIsGreetedWithHelo() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script().greet()
                .expect("EHLO [127.0.0.1]")
                .reply("500 5.5.1 Command unrecognized")
                .expect("HELO [127.0.0.1]")
                .reply("250 " + SmtpScript.SERVER_NAME)
                .expect("MAIL FROM:<alice@example.org>")
                .reply(MAIL_OK)
                .expect("RCPT TO:<bob@example.net>")
                .reply(RCPT_OK)
                .expect("DATA")
                .reply(GO_AHEAD)
                .expectData()
                .reply(QUEUED)
                .quit())) {
            SendResult result = sendAndClose(plain(server), toBob());

            assertThat(result.accepted()).containsExactly(Recipient.of(BOB));
            server.verify(WAIT);
        }
    }

    @Test
    void aMalformedGreetingIsAProtocolViolation() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                script().reply("hello, I am not an SMTP server").expectClose())) {
            assertThat(failureOf(plain(server), toBob())).isInstanceOf(ProtocolViolationException.class);
            server.verify(WAIT);
        }
    }

    @Test
    void aReplyWhoseCodeChangesMidReplyIsAProtocolViolation() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script().greet()
                .expect("EHLO *")
                .reply("250-" + SmtpScript.SERVER_NAME, "251 PIPELINING")
                .expectClose())) {
            assertThat(failureOf(plain(server), toBob()))
                    .isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("250")
                    .hasMessageContaining("251");
            server.verify(WAIT);
        }
    }

    @Test
    void aMalformedReplyInsideATransactionIsAProtocolViolation() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted()
                .expect("MAIL FROM:<alice@example.org>")
                .reply("250Ok")
                .expect("QUIT")
                .expectClose())) {
            SmtpClient client = plain(server);
            SmtpSession session = client.session().block(WAIT);
            assertThat(failureOf(session.send(toBob())))
                    .isInstanceOf(ProtocolViolationException.class)
                    .hasMessageContaining("250Ok");
            session.quit().block(WAIT);
            server.verify(WAIT);
        }
    }
}
