package dev.startle.smtp.client;

import static dev.startle.smtp.client.Dialogues.WAIT;
import static dev.startle.smtp.client.Dialogues.failureOf;
import static dev.startle.smtp.client.Dialogues.toBob;
import static dev.startle.smtp.testing.SmtpScript.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.ConnectionClosedException;
import dev.startle.core.TlsMode;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.testing.ScriptedSmtpServer;
import dev.startle.smtp.testing.SmtpScript;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link SmtpClient#send} on pooled sessions against scripted servers: reuse, NOOP validation after idling, QUIT after
 * the idle limit, and the one retry on a fresh connection that is allowed only while the server cannot have accepted
 * the message.
 */
class SmtpClientPoolDialogueTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    /** Greeting and EHLO without extensions: one command at a time. */
    private static SmtpScript greeted() {
        return script().greet().ehlo("8BITMIME");
    }

    /** One accepted message from Alice to Bob, queued as {@code queueId}. */
    private static SmtpScript oneMessage(String queueId) {
        return script().expect("MAIL FROM:<alice@example.org>")
                .reply("250 2.1.0 Ok")
                .expect("RCPT TO:<bob@example.net>")
                .reply("250 2.1.5 Ok")
                .expect("DATA")
                .reply("354 go ahead")
                .expectData()
                .reply("250 2.0.0 Ok: queued as " + queueId);
    }

    private static SmtpClient client(ScriptedSmtpServer server, SmtpPoolSettings pool) {
        return server.client().tlsMode(TlsMode.NONE).pool(pool);
    }

    @Test
    void aSecondSendReusesTheSessionOfTheFirst() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                greeted().andThen(oneMessage("ONE")).andThen(oneMessage("TWO")).quit())) {
            SmtpClient client = client(server, SmtpPoolSettings.defaults());
            try {
                assertThat(client.send(toBob()).block(WAIT).queueId()).contains("ONE");
                assertThat(client.send(toBob()).block(WAIT).queueId()).contains("TWO");
            } finally {
                client.close().block(WAIT);
            }
            server.verify(WAIT);
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void aSessionIdleLongerThanValidateAfterIdleIsCheckedWithNoopBeforeReuse() throws InterruptedException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted()
                .andThen(oneMessage("ONE"))
                .expect("NOOP")
                .reply("250 2.0.0 Ok")
                .andThen(oneMessage("TWO"))
                .quit())) {
            SmtpClient client = client(server, SmtpPoolSettings.defaults().withValidateAfterIdle(SHORT));
            try {
                client.send(toBob()).block(WAIT);
                Thread.sleep(SHORT.multipliedBy(2).toMillis());
                assertThat(client.send(toBob()).block(WAIT).queueId()).contains("TWO");
            } finally {
                client.close().block(WAIT);
            }
            server.verify(WAIT);
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void anIdleSessionIsClosedWithQuitAfterMaxIdleTime() {
        try (ScriptedSmtpServer server =
                ScriptedSmtpServer.start(greeted().andThen(oneMessage("ONE")).quit())) {
            SmtpClient client = client(server, SmtpPoolSettings.defaults().withMaxIdleTime(SHORT));
            try {
                client.send(toBob()).block(WAIT);
                // QUIT comes from the pool's background eviction, not from close() (which has not run yet).
                server.verify(WAIT);
            } finally {
                client.close().block(WAIT);
            }
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void a421ToMailFromIsRetriedOnceOnAFreshConnection() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                greeted().expect("MAIL FROM:<alice@example.org>").reply421AndClose(),
                greeted().andThen(oneMessage("RETRIED")).quit())) {
            SmtpClient client = client(server, SmtpPoolSettings.defaults());
            SendResult result;
            try {
                result = client.send(toBob()).block(WAIT);
            } finally {
                client.close().block(WAIT);
            }
            assertThat(result.queueId()).contains("RETRIED");
            server.verify(WAIT);
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void a421InAPipelinedBatchEndsTheBatchAndIsRetriedOnAFreshConnection() {
        // MAIL, RCPT and DATA arrive together; the server answers 421 to MAIL and closes: no further reply comes.
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                script().greet()
                        .ehlo("8BITMIME", "PIPELINING")
                        .expect("MAIL FROM:<alice@example.org>")
                        .expect("RCPT TO:<bob@example.net>")
                        .expect("DATA")
                        .reply421AndClose(),
                greeted().andThen(oneMessage("AFTER-421")).quit())) {
            SmtpClient client = client(server, SmtpPoolSettings.defaults());
            SendResult result;
            try {
                result = client.send(toBob()).block(WAIT);
            } finally {
                client.close().block(WAIT);
            }
            assertThat(result.queueId()).contains("AFTER-421");
            server.verify(WAIT);
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionLostAfterTheEndOfDataIsNotRetried() {
        // The dot was sent: the server may have accepted the message, so a retry could deliver it twice.
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(greeted()
                .expect("MAIL FROM:<alice@example.org>")
                .reply("250 2.1.0 Ok")
                .expect("RCPT TO:<bob@example.net>")
                .reply("250 2.1.5 Ok")
                .expect("DATA")
                .reply("354 go ahead")
                .expectData()
                .close())) {
            Throwable error = failureOf(client(server, SmtpPoolSettings.defaults()), toBob());

            assertThat(error).isInstanceOf(ConnectionClosedException.class);
            server.verify(WAIT);
            assertThat(server.accepted()).isEqualTo(1);
            assertThat(server.conversation(1).data()).hasSize(1);
        }
    }

    @Test
    void whenTheRetryFailsTooItsErrorSurfacesAndNoThirdAttemptIsMade() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                greeted()
                        .expect("MAIL FROM:<alice@example.org>")
                        .reply("421 4.3.2 first connection closing")
                        .close(),
                greeted()
                        .expect("MAIL FROM:<alice@example.org>")
                        .reply("421 4.3.2 second connection closing")
                        .close())) {
            Throwable error = failureOf(client(server, SmtpPoolSettings.defaults()), toBob());

            assertThat(error).isInstanceOf(SmtpException.class).hasMessageContaining("second connection closing");
            assertThat(((SmtpException) error).code()).isEqualTo(421);
            assertThat(((SmtpException) error).isTransient()).isTrue();
            server.verify(WAIT);
            assertThat(server.accepted()).as("one retry only").isEqualTo(2);
        }
    }
}
