package dev.startle.smtp.test;

import static dev.startle.smtp.test.Mails.WAIT;
import static dev.startle.smtp.test.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.smtp.MailMessage;
import dev.startle.smtp.client.SmtpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The inbox: replaying Flux, snapshots, waiting, clearing, closing, and what a {@link ReceivedMail} tells. */
class InboxTest {
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
    void aMessageIsInTheInboxOnceTheClientsSendCompleted() {
        client.send(message("one")).block(WAIT);
        assertThat(server.messages()).hasSize(1); // no waiting: recorded before the 250
    }

    @Test
    void theInboxReplaysEarlierMessagesThenEmitsNewOnes() {
        client.send(message("before subscribing")).block(WAIT);
        StepVerifier.create(server.inbox().take(2))
                .assertNext(mail -> assertThat(mail.header("Subject")).hasValue("before subscribing"))
                .then(() -> client.send(message("after subscribing")).subscribe())
                .assertNext(mail -> assertThat(mail.header("Subject")).hasValue("after subscribing"))
                .expectComplete()
                .verify(WAIT);
        // Each subscriber gets the whole history.
        StepVerifier.create(server.inbox()
                        .take(2)
                        .map(mail -> mail.header("Subject").orElseThrow()))
                .expectNext("before subscribing", "after subscribing")
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void awaitMessagesWaitsForAsynchronousSendsAndFailsWithWhatArrived() {
        client.send(message("async")).subscribeOn(Schedulers.parallel()).subscribe();
        List<ReceivedMail> arrived = server.awaitMessages(1, WAIT);
        assertThat(arrived)
                .extracting(mail -> mail.header("Subject").orElseThrow())
                .containsExactly("async");

        long start = System.nanoTime();
        assertThatThrownBy(() -> server.awaitMessages(2, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected at least 2 message(s)")
                .hasMessageContaining("got 1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void clearEmptiesTheInboxAndEndsEarlierSubscriptions() {
        client.send(message("old")).block(WAIT);
        StepVerifier.create(server.inbox())
                .expectNextCount(1)
                .then(server::clear)
                .expectComplete()
                .verify(WAIT);
        assertThat(server.messages()).isEmpty();

        client.send(message("new")).block(WAIT);
        StepVerifier.create(server.inbox()
                        .take(1)
                        .map(mail -> mail.header("Subject").orElseThrow()))
                .expectNext("new")
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void closeCompletesTheInboxAndKeepsTheMessages() {
        client.send(message("kept")).block(WAIT);
        StepVerifier.create(server.inbox())
                .expectNextCount(1)
                .then(server::close)
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(server.inbox()).expectNextCount(1).expectComplete().verify(WAIT);
        assertThat(server.messages()).hasSize(1);
        assertThatThrownBy(() -> server.awaitMessages(2, WAIT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("before the server closed");
        server.close(); // idempotent
        StepVerifier.create(client.send(message("too late"))).expectError().verify(WAIT);
    }

    @Test
    void aReceivedMailCarriesTheEnvelopeTheBytesAndTheSession() {
        Instant before = Instant.now();
        MailMessage built = MailMessage.builder()
                .from("Alice", "alice@example.org")
                .to("bob@example.net")
                .bcc("audit@example.org")
                .subject("A subject long enough to be folded by the message writer because it goes on and on and on")
                .text("Hello Bob")
                .build();
        SmtpClient named = client.ehloName("client.example");
        try {
            named.session()
                    .flatMap(session -> session.send(built.toSmtpMessage())
                            .then(session.send(message("second on the same connection")))
                            .then(session.quit()))
                    .block(WAIT);
        } finally {
            named.close().block(WAIT);
        }
        List<ReceivedMail> mails = server.messages();
        assertThat(mails).hasSize(2);
        ReceivedMail mail = mails.get(0);
        assertThat(mail.from()).isEqualTo("alice@example.org");
        assertThat(mail.recipients()).containsExactly("bob@example.net", "audit@example.org");
        assertThat(mail.header("subject"))
                .hasValue("A subject long enough to be folded by the message writer because it goes on and on and on");
        assertThat(mail.header("Bcc")).isEmpty();
        assertThat(mail.headers("To")).containsExactly("bob@example.net");
        assertThat(mail.bytes()).isEqualTo(built.toBytes());
        assertThat(mail.size()).isEqualTo(built.toBytes().length);
        assertThat(mail.mailParameters()).containsKey("SIZE");
        assertThat(mail.heloName()).hasValue("client.example");
        assertThat(mail.receivedAt()).isBetween(before, Instant.now());
        assertThat(mail.sessionId()).isEqualTo(mails.get(1).sessionId());
        assertThat(mail).isEqualTo(mail).isNotEqualTo(mails.get(1));
        assertThat(mail.toString()).contains("alice@example.org", "TLSv1.3").doesNotContain("Hello Bob");

        byte[] copy = mail.bytes();
        copy[0] = 'X';
        assertThat(mail.bytes()).isEqualTo(built.toBytes()); // immutable
    }

    @Test
    void aSubscriberMayBlockWithoutStallingTheServer() {
        StepVerifier.create(server.inbox().take(2).doOnNext(mail -> {
                    if (mail.header("Subject").orElseThrow().equals("first")) {
                        client.send(message("sent from the subscriber")).block(WAIT); // off the event loop
                    }
                }))
                .then(() -> client.send(message("first")).subscribe())
                .expectNextCount(2)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void theInboxCanBeWatchedFromAReactiveChain() {
        Mono<ReceivedMail> first = server.inbox().next();
        StepVerifier.create(client.send(message("chained")).then(first))
                .assertNext(mail -> assertThat(mail.secure()).isTrue())
                .expectComplete()
                .verify(WAIT);
    }
}
