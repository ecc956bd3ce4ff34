package dev.startle.benchmarks.harness;

import dev.startle.core.TlsMode;
import dev.startle.smtp.MessageBody;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.client.SmtpPoolSettings;
import dev.startle.smtp.client.SmtpSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Startle's {@link SmtpClient}: pooled sends on kept-open connections ({@code keep}, {@code bulk}), a fresh session per
 * message ({@code new}; the cached SSL context lets TLS sessions resume) or just the upgrade cycle ({@code cycle}).
 */
final class StartleLoad implements Load {
    private final LoadConfig config;
    private final SmtpClient client;
    private final SmtpMessage message;
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong handshakes = new AtomicLong();
    private List<SmtpSession> held = List.of();

    StartleLoad(LoadConfig config) {
        this.config = config;
        SmtpClient c = SmtpClient.create()
                .host("localhost")
                .port(config.port())
                .ehloName("client.bench.example")
                .replyTimeout(Duration.ofSeconds(60))
                .connectTimeout(Duration.ofSeconds(30))
                .pool(SmtpPoolSettings.defaults()
                        .withMaxConnections(config.connections())
                        .withMaxIdleTime(Duration.ofMinutes(30))
                        .withValidateAfterIdle(Duration.ofMinutes(30)));
        if (Boolean.getBoolean("startle.bench.wiretap")) {
            long t0 = System.nanoTime();
            c = c.wiretap(dev.startle.core.Wiretap.to((id, direction, secure, text) -> System.err.printf(
                    java.util.Locale.ROOT,
                    "%9.3f ms %s %s %s%n",
                    (System.nanoTime() - t0) / 1e6,
                    id,
                    direction == dev.startle.core.WiretapListener.Direction.INBOUND ? "<-" : "->",
                    text)));
        }
        if (config.tls()) {
            c = c.tlsMode(TlsMode.STARTTLS_REQUIRED).tls(config.pki().clientTls(config.provider()));
        } else {
            c = c.tlsMode(TlsMode.NONE);
        }
        this.client = c;
        this.message = SmtpMessage.of(
                Messages.FROM, List.of(Recipient.of(Messages.TO)), MessageBody.of(Messages.message(config.size())));
    }

    @Override
    public void run(Run run) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(config.connections());
        for (int i = 0; i < config.connections(); i++) {
            Mono.defer(() -> {
                        long start = System.nanoTime();
                        return once().doOnSuccess(v -> run.ok(start));
                    })
                    .onErrorResume(e -> {
                        run.error(e);
                        return Mono.delay(Duration.ofMillis(20)).then();
                    })
                    .repeat(run::running)
                    .doFinally(signal -> done.countDown())
                    .subscribe();
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("workers did not stop");
        }
    }

    private Mono<Void> once() {
        if (config.cycleOnly()) {
            return client.session().flatMap(s -> {
                count(s);
                return s.quit();
            });
        }
        if (config.newConnectionPerMessage()) {
            return client.session().flatMap(s -> {
                count(s);
                return s.send(message)
                        .then(s.quit())
                        .onErrorResume(e -> s.quit().then(Mono.error(e)));
            });
        }
        return client.send(message).then();
    }

    private void count(SmtpSession s) {
        s.tls().ifPresent(info -> {
            handshakes.incrementAndGet();
            if (info.sessionResumed()) {
                resumed.incrementAndGet();
            }
        });
    }

    @Override
    public void hold(int count) {
        List<SmtpSession> sessions = Flux.range(0, count)
                .flatMap(i -> client.session(), 32)
                .collectList()
                .block(Duration.ofMinutes(5));
        held = sessions == null ? List.of() : sessions;
        if (held.size() != count || !held.stream().allMatch(SmtpSession::isSecure)) {
            throw new IllegalStateException("held " + held.size() + " of " + count + " (not all upgraded?)");
        }
    }

    /** Handshakes seen and how many of them resumed a TLS session ({@code new} and {@code cycle} modes). */
    String extra() {
        return handshakes.get() == 0 ? "" : " handshakes=" + handshakes.get() + " resumed=" + resumed.get();
    }

    @Override
    public void close() {
        Flux.fromIterable(held)
                .flatMap(SmtpSession::quit, 64)
                .then(client.close())
                .onErrorResume(e -> Mono.empty())
                .block(Duration.ofSeconds(60));
    }
}
