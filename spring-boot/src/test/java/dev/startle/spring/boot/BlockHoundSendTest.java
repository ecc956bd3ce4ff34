package dev.startle.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.smtp.Attachment;
import dev.startle.smtp.MailMessage;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import dev.startle.spring.mail.MailSendListener;
import dev.startle.spring.mail.ReactiveMailSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * BlockHound runs in every test JVM (blockhound-junit-platform). These sends are subscribed on Reactor's parallel
 * scheduler, so from the subscription on, everything the starter, the pool and the SMTP client do runs on threads
 * BlockHound guards (parallel, then Netty event loops); only the test thread waits. The second test proves the guard
 * is armed on exactly that path: one blocking call in a listener fails the send.
 */
class BlockHoundSendTest {
    private static final long WAIT_SECONDS = 15;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    StartleMailAutoConfiguration.class,
                    StartleMailHealthAutoConfiguration.class,
                    StartleMailMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    private static SmtpMessage message() {
        byte[] attachment = new byte[256 * 1024];
        for (int i = 0; i < attachment.length; i++) {
            attachment[i] = (byte) (i * 31);
        }
        return MailMessage.builder()
                .from("app@example.org")
                .to("bob@example.net")
                .subject("Non-blocking")
                .text("Sent from event loops only.")
                .attach(Attachment.of("data.bin", "application/octet-stream", attachment))
                .build()
                .toSmtpMessage();
    }

    /** Subscribes on a non-blocking thread and waits on the test thread only. */
    private static <T> T onNonBlockingThreads(Supplier<Mono<T>> work, List<Thread> seen) throws Exception {
        CompletableFuture<T> future = Mono.defer(work)
                .doOnSubscribe(s -> seen.add(Thread.currentThread()))
                .doOnNext(value -> seen.add(Thread.currentThread()))
                .subscribeOn(Schedulers.parallel())
                .toFuture();
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void sendsAndHealthChecksNeverBlockANonBlockingThread() {
        try (TestRelay relay = TestRelay.start()) {
            runner.withPropertyValues(relay.properties()).run(context -> {
                ReactiveMailSender sender = context.getBean(ReactiveMailSender.class);
                List<Thread> seen = new CopyOnWriteArrayList<>();
                for (int i = 0; i < 3; i++) { // a fresh connection, then pooled reuse
                    SendResult result = onNonBlockingThreads(() -> sender.send(message()), seen);
                    assertThat(result.secure()).isTrue();
                }
                assertThat(onNonBlockingThreads(
                                        () -> context.getBean(StartleMailHealthIndicator.class)
                                                .health(),
                                        seen)
                                .getStatus()
                                .getCode())
                        .isEqualTo("UP");
                assertThat(relay.inbox).hasSize(3);

                Thread test = Thread.currentThread();
                assertThat(seen).isNotEmpty().doesNotContain(test);
                // subscribed on Reactor's parallel scheduler, completed on Netty event loops
                assertThat(seen)
                        .filteredOn(t -> t instanceof FastThreadLocalThread)
                        .as("threads that completed the sends: %s", seen)
                        .isNotEmpty();
                assertThat(seen).allSatisfy(t -> assertThat(t.getName()).doesNotContain("boundedElastic"));
            });
        }
    }

    @Test
    void aBlockingCallInTheSendPathIsCaught() {
        MailSendListener blocking = new MailSendListener() {
            @Override
            public void sent(SmtpMessage message, SendResult result, Duration duration) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TestRelay relay = TestRelay.start()) {
            runner.withPropertyValues(relay.properties())
                    .withBean("blockingListener", MailSendListener.class, () -> blocking)
                    .run(context -> {
                        ReactiveMailSender sender = context.getBean(ReactiveMailSender.class);
                        assertThatThrownBy(() -> onNonBlockingThreads(
                                        () -> sender.send(message()), new CopyOnWriteArrayList<>()))
                                .isInstanceOf(ExecutionException.class)
                                .hasCauseInstanceOf(BlockingOperationError.class)
                                .cause()
                                .hasMessageContaining("java.lang.Thread.sleep");
                        // the relay had accepted it: the error came from the listener, after the send
                        assertThat(relay.inbox).hasSize(1);
                    });
        }
    }
}
