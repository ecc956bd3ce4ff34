package dev.startle.smtp.test;

import static dev.startle.smtp.test.Mails.WAIT;
import static dev.startle.smtp.test.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.smtp.MessageBody;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.RecipientsRejectedException;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.server.SmtpRejectException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Failures a client's error paths can be tested with: {@code rejectNext} and {@code rejectRecipient}. */
class RejectionTest {
    private EmbeddedSmtpServer server;
    private SmtpClient client;

    @BeforeEach
    void start() {
        server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close().block(WAIT);
        server.close();
    }

    @Test
    void rejectNextRefusesExactlyOneMessageAfterItsData() {
        server.rejectNext(new SmtpRejectException(550, "5.7.1", "Message refused by policy"));
        StepVerifier.create(client.send(message("refused")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(SmtpException.class);
                    SmtpException refusal = (SmtpException) e;
                    assertThat(refusal.code()).isEqualTo(550);
                    assertThat(refusal.isPermanent()).isTrue();
                    assertThat(refusal.reply().text()).contains("Message refused by policy");
                })
                .verify(WAIT);
        assertThat(server.messages()).isEmpty();

        client.send(message("accepted")).block(WAIT);
        assertThat(server.messages())
                .extracting(m -> m.header("Subject").orElseThrow())
                .containsExactly("accepted");
    }

    @Test
    void rejectionsQueueOnePerMessageAndTransientOnesSaySo() {
        server.rejectNext(new SmtpRejectException(451, "4.3.0", "Try again later"));
        server.rejectNext(new SmtpRejectException(552, "5.3.4", "Too big for this mailbox"));
        StepVerifier.create(client.send(message("first")))
                .expectErrorSatisfies(
                        e -> assertThat(((SmtpException) e).isTransient()).isTrue())
                .verify(WAIT);
        StepVerifier.create(client.send(message("second")))
                .expectErrorSatisfies(
                        e -> assertThat(((SmtpException) e).code()).isEqualTo(552))
                .verify(WAIT);
        StepVerifier.create(client.send(message("third")))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void rejectRecipientRefusesOneMailboxAndKeepsTheOthers() {
        server.rejectRecipient("Nobody@Example.NET", new SmtpRejectException(550, "5.1.1", "No such user here"));
        SmtpMessage both = SmtpMessage.of(
                "alice@example.org",
                List.of(Recipient.of("bob@example.net"), Recipient.of("nobody@example.net")),
                MessageBody.of(Mails.bytes("partly")));
        SendResult result = client.send(both).block(WAIT);
        assertThat(result.accepted()).containsExactly(Recipient.of("bob@example.net"));
        assertThat(result.rejected()).containsOnlyKeys(Recipient.of("nobody@example.net"));
        assertThat(server.messages())
                .singleElement()
                .satisfies(mail -> assertThat(mail.recipients()).containsExactly("bob@example.net"));

        SmtpMessage onlyNobody = SmtpMessage.of(
                "alice@example.org", List.of(Recipient.of("nobody@example.net")), MessageBody.of(Mails.bytes("none")));
        StepVerifier.create(client.send(onlyNobody))
                .expectError(RecipientsRejectedException.class)
                .verify(WAIT);
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void clearForgetsPendingRejections() {
        server.rejectNext(new SmtpRejectException(550, "5.7.1", "refused"));
        server.rejectRecipient("bob@example.net", new SmtpRejectException(550, "5.1.1", "No such user here"));
        server.clear();
        client.send(message("accepted")).block(WAIT);
        assertThat(server.messages()).hasSize(1);
    }
}
