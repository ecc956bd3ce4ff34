package dev.startle.smtp.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import dev.startle.core.TlsInfo;
import dev.startle.core.TlsProvider;
import dev.startle.smtp.MessageBody;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.client.SmtpSession;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A bounded load test: Startle client sessions, each over its own connection with STARTTLS, all open at the same moment
 * (every session waits until all are established), then each sends one message. Asserts that every message reached
 * the server's handler exactly once, under TLS, one per connection; prints the throughput as a figure, not an
 * assertion. Everything runs on 127.0.0.1 in this JVM, under BlockHound and the paranoid leak detector.
 *
 * <p>The full run (1,000 sessions) takes longer than the normal build should, so it runs with {@code
 * -Dstartle.load=true}; without it the same test runs with 100 sessions. {@code -Dstartle.load.sessions=N} and {@code
 * -Dstartle.load.provider=JDK|OPENSSL|AUTO} change the size and the TLS provider of both sides. See README.md.
 */
class LoadTest {
    private static final boolean FULL = Boolean.getBoolean("startle.load");
    private static final int SESSIONS = Integer.getInteger("startle.load.sessions", FULL ? 1000 : 100);
    private static final TlsProvider PROVIDER = TlsProvider.valueOf(
            System.getProperty("startle.load.provider", "AUTO").toUpperCase(Locale.ROOT));
    private static final Duration BOUND = Duration.ofSeconds(180);

    @Test
    void concurrentStartTlsSessionsDeliverEveryMessageExactlyOnce() {
        assertThat(SESSIONS).isBetween(1, 5000);
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .tlsProvider(PROVIDER)
                .customize(s -> s.maxConnections(SESSIONS + 100))
                .start()) {
            SmtpClient client = server.client()
                    .tls(server.clientTlsSettings().withProvider(PROVIDER).withHandshakeTimeout(Duration.ofSeconds(60)))
                    .connectTimeout(Duration.ofSeconds(60))
                    .replyTimeout(Duration.ofSeconds(60));
            AtomicInteger open = new AtomicInteger();
            AtomicReference<TlsInfo> tls = new AtomicReference<>();
            Sinks.Empty<Void> allOpen = Sinks.empty();
            long[] allOpenAt = new long[1];

            String loadBefore = loadAverage();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            List<SendResult> results = Flux.range(0, SESSIONS)
                    .flatMap(
                            i -> client.session().flatMap(session -> {
                                session.tls().ifPresent(info -> tls.compareAndSet(null, info));
                                if (open.incrementAndGet() == SESSIONS) {
                                    allOpenAt[0] = System.nanoTime();
                                    allOpen.tryEmitEmpty();
                                }
                                return allOpen.asMono().then(sendAndQuit(session, i));
                            }),
                            SESSIONS)
                    .collectList()
                    .block(BOUND);
            long end = System.nanoTime();
            long cpu = os.getProcessCpuTime() - cpuStart;

            assertThat(results)
                    .hasSize(SESSIONS)
                    .allSatisfy(result -> assertThat(result.secure()).isTrue());
            List<ReceivedMail> mails = server.messages();
            assertThat(mails)
                    .hasSize(SESSIONS)
                    .allSatisfy(mail -> assertThat(mail.secure()).isTrue());
            Set<String> ids = new HashSet<>();
            for (ReceivedMail mail : mails) {
                assertThat(ids.add(mail.header("X-Load-Id").orElseThrow()))
                        .as("delivered once")
                        .isTrue();
            }
            assertThat(ids).hasSize(SESSIONS);
            assertThat(mails.stream().map(ReceivedMail::sessionId).distinct()).hasSize(SESSIONS);

            double seconds = (end - start) / 1e9;
            double sendSeconds = (end - allOpenAt[0]) / 1e9;
            TlsInfo info = tls.get();
            System.out.printf(
                    Locale.ROOT,
                    "LOAD: %d messages over %d concurrent STARTTLS connections in %.2f s wall = %.0f msg/s "
                            + "(connect+STARTTLS+EHLO of all: %.2f s; sending once all were open: %.2f s = %.0f msg/s); "
                            + "process CPU %.1f s (%.1f ms/message); %s %s, %s %s, %d cores, max heap %d MiB, "
                            + "load average before/after %s/%s%n",
                    SESSIONS,
                    SESSIONS,
                    seconds,
                    SESSIONS / seconds,
                    seconds - sendSeconds,
                    sendSeconds,
                    SESSIONS / sendSeconds,
                    cpu / 1e9,
                    cpu / 1e6 / SESSIONS,
                    info.provider(),
                    info.protocol() + " " + info.cipherSuite(),
                    System.getProperty("java.vm.name"),
                    Runtime.version(),
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    loadBefore,
                    loadAverage());
            client.close().block(BOUND);
        }
    }

    /** The one-minute load average: other processes on a small machine change the figure a lot. */
    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "?" : String.format(Locale.ROOT, "%.1f", load);
    }

    private static Mono<SendResult> sendAndQuit(SmtpSession session, int i) {
        byte[] body = ("From: load@example.org\r\nTo: sink@example.net\r\nSubject: load " + i + "\r\nX-Load-Id: " + i
                        + "\r\n\r\nmessage " + i + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SmtpMessage message =
                SmtpMessage.of("load@example.org", List.of(Recipient.of("sink@example.net")), MessageBody.of(body));
        return session.send(message).flatMap(result -> session.quit().thenReturn(result));
    }
}
