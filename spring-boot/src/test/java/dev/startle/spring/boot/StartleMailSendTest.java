package dev.startle.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.core.ReadTimeoutException;
import dev.startle.core.TlsHandshakeException;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsRequiredException;
import dev.startle.smtp.Attachment;
import dev.startle.smtp.MailMessage;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.RecipientsRejectedException;
import dev.startle.smtp.SendResult;
import dev.startle.spring.mail.ReactiveMailSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configured sender against an embedded Startle SMTP server: STARTTLS required, AUTH required. */
class StartleMailSendTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    StartleMailAutoConfiguration.class,
                    StartleMailHealthAutoConfiguration.class,
                    StartleMailMetricsAutoConfiguration.class));

    @Test
    void aMessageArrivesOverStartTlsAuthenticated() {
        try (TestRelay relay = TestRelay.start()) {
            runner.withPropertyValues(relay.properties("startle.mail.ehlo-name=web1.example.org"))
                    .run(context -> {
                        byte[] pdf = {0x25, 0x50, 0x44, 0x46, (byte) 0xff, 0x00, 0x0a};
                        MailMessage message = MailMessage.builder()
                                .from("app@example.org")
                                .to("bob@example.net")
                                .subject("Grüße")
                                .text("Hello Bob")
                                .attach(Attachment.of("report.pdf", "application/pdf", pdf))
                                .build();
                        SendResult result = context.getBean(ReactiveMailSender.class)
                                .send(message)
                                .block(WAIT);
                        assertThat(result.secure()).isTrue();
                        assertThat(result.accepted()).containsExactly(Recipient.of("bob@example.net"));
                        assertThat(result.rejected()).isEmpty();
                        assertThat(relay.inbox).hasSize(1);
                        TestRelay.Received received = relay.inbox.get(0);
                        assertThat(received.from()).isEqualTo("app@example.org");
                        assertThat(received.recipients()).containsExactly("bob@example.net");
                        assertThat(received.secure()).isTrue();
                        assertThat(received.user()).isEqualTo(TestRelay.USER);
                        assertThat(received.tls()).startsWith("TLSv1.");
                        assertThat(received.bytes()).isEqualTo(message.toBytes());
                        assertThat(relay.heloNames).contains("web1.example.org");
                    });
        }
    }

    @Test
    void sendTextIsTheShortWay() {
        try (TestRelay relay = TestRelay.start()) {
            runner.withPropertyValues(relay.properties()).run(context -> {
                SendResult result = context.getBean(ReactiveMailSender.class)
                        .sendText("app@example.org", "bob@example.net", "Ping", "pong")
                        .block(WAIT);
                assertThat(result.reply().code()).isEqualTo(250);
                assertThat(relay.inbox.get(0).text()).contains("Subject: Ping").contains("pong");
            });
        }
    }

    @Test
    void invalidInputIsAnErrorSignalNotAThrow() {
        try (TestRelay relay = TestRelay.start()) {
            runner.withPropertyValues(relay.properties()).run(context -> {
                ReactiveMailSender sender = context.getBean(ReactiveMailSender.class);
                var mono = sender.sendText("app@example.org", "not an address", "x", "y");
                assertThatThrownBy(() -> mono.block(WAIT))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("invalid address");
                assertThat(relay.inbox).isEmpty();
            });
        }
    }

    @Test
    void withoutTheTrustedCaTheHandshakeFails() {
        try (TestRelay relay = TestRelay.start()) {
            runner.withPropertyValues(
                            "spring.mail.host=localhost",
                            "spring.mail.port=" + relay.port(),
                            "spring.mail.username=alice",
                            "spring.mail.password=secret")
                    .run(context -> assertThatThrownBy(() -> context.getBean(ReactiveMailSender.class)
                                    .sendText("app@example.org", "bob@example.net", "x", "y")
                                    .block(WAIT))
                            .isInstanceOfSatisfying(
                                    TlsHandshakeException.class,
                                    e -> assertThat(e.failure())
                                            .isEqualTo(TlsHandshakeException.Failure.UNTRUSTED_CERTIFICATE)));
            assertThat(relay.inbox).isEmpty();
        }
    }

    @Test
    void aRelayWithoutStartTlsGetsNothing() {
        try (TestRelay relay = TestRelay.start(TlsMode.NONE)) {
            runner.withPropertyValues(relay.properties())
                    .run(context -> assertThatThrownBy(() -> context.getBean(ReactiveMailSender.class)
                                    .sendText("app@example.org", "bob@example.net", "x", "y")
                                    .block(WAIT))
                            .isInstanceOf(TlsRequiredException.class));
            assertThat(relay.inbox).isEmpty();
        }
    }

    @Test
    void refusedRecipientsAreReportedOrFailTheSend() {
        try (TestRelay relay = TestRelay.refusing("nobody@example.net")) {
            MailMessage message = MailMessage.builder()
                    .from("app@example.org")
                    .to("bob@example.net", "nobody@example.net")
                    .subject("Two")
                    .text("x")
                    .build();
            runner.withPropertyValues(relay.properties()).run(context -> {
                SendResult result =
                        context.getBean(ReactiveMailSender.class).send(message).block(WAIT);
                assertThat(result.accepted()).containsExactly(Recipient.of("bob@example.net"));
                assertThat(result.rejected()).containsOnlyKeys(Recipient.of("nobody@example.net"));
                assertThat(result.rejected()
                                .get(Recipient.of("nobody@example.net"))
                                .code())
                        .isEqualTo(550);
            });
            runner.withPropertyValues(relay.properties("startle.mail.require-all-recipients=true"))
                    .run(context -> assertThatThrownBy(() -> context.getBean(ReactiveMailSender.class)
                                    .send(message)
                                    .block(WAIT))
                            .isInstanceOfSatisfying(RecipientsRejectedException.class, e -> {
                                assertThat(e.code()).isEqualTo(550);
                                assertThat(e.enhancedCode())
                                        .hasValueSatisfying(
                                                c -> assertThat(c.toString()).isEqualTo("5.1.1"));
                            }));
            assertThat(relay.inbox).hasSize(1);
        }
    }

    @Test
    void replyTimeoutBoundsASlowRelay() {
        try (TestRelay relay = TestRelay.slow(Duration.ofSeconds(3))) {
            runner.withPropertyValues(relay.properties("startle.mail.reply-timeout=500ms"))
                    .run(context -> {
                        long start = System.nanoTime();
                        assertThatThrownBy(() -> context.getBean(ReactiveMailSender.class)
                                        .sendText("app@example.org", "bob@example.net", "x", "y")
                                        .block(WAIT))
                                .isInstanceOf(ReadTimeoutException.class);
                        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                    });
        }
    }

    @Test
    void metricsRecordConnectionsHandshakesAndSends() {
        try (TestRelay relay = TestRelay.refusing("nobody@example.net")) {
            runner.withPropertyValues(relay.properties())
                    .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                    .run(context -> {
                        ReactiveMailSender sender = context.getBean(ReactiveMailSender.class);
                        sender.sendText("app@example.org", "bob@example.net", "x", "y")
                                .block(WAIT);
                        assertThatThrownBy(() -> sender.sendText("app@example.org", "nobody@example.net", "x", "y")
                                        .block(WAIT))
                                .isInstanceOf(RecipientsRejectedException.class);
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        assertThat(registry.get("startle.connections.opened")
                                        .tag("role", "client")
                                        .counter()
                                        .count())
                                .isGreaterThanOrEqualTo(1);
                        assertThat(registry.get("startle.tls.handshake")
                                        .tag("role", "client")
                                        .timer()
                                        .count())
                                .isGreaterThanOrEqualTo(1);
                        assertThat(registry.get("startle.mail.sends")
                                        .tag("outcome", "sent")
                                        .timer()
                                        .count())
                                .isEqualTo(1);
                        assertThat(registry.get("startle.mail.sends")
                                        .tag("outcome", "refused")
                                        .tag("exception", "RecipientsRejectedException")
                                        .timer()
                                        .count())
                                .isEqualTo(1);
                        assertThat(registry.get("startle.mail.recipients")
                                        .tag("result", "accepted")
                                        .counter()
                                        .count())
                                .isEqualTo(1);
                    });
        }
    }

    @Test
    void pooledConnectionsAreClosedWithTheContext() throws InterruptedException {
        try (TestRelay relay = TestRelay.start()) {
            runner.withPropertyValues(relay.properties()).run(context -> {
                context.getBean(ReactiveMailSender.class)
                        .sendText("app@example.org", "bob@example.net", "x", "y")
                        .block(WAIT);
                assertThat(relay.openConnections()).isEqualTo(1);
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (relay.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(relay.openConnections()).isZero();
        }
    }

    @Test
    void testConnectionChecksTheRelayAtStartup() {
        try (TestRelay relay = TestRelay.start()) {
            runner.withPropertyValues(relay.properties("spring.mail.test-connection=true"))
                    .run(context -> assertThat(context).hasNotFailed());
            runner.withPropertyValues(
                            relay.properties("spring.mail.test-connection=true", "spring.mail.password=wrong"))
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(MailPropertiesMappingTest.messages(context.getStartupFailure()))
                                .contains("spring.mail.test-connection")
                                .contains("535");
                    });
        }
    }
}
