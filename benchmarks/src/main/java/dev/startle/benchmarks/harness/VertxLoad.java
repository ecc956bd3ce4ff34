package dev.startle.benchmarks.harness;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x mail client 5.x, pooled ({@code maxPoolSize} = connections, keep-alive on), STARTTLS required, hostname
 * verified; one send in flight per connection. Vert.x builds the MIME message itself from a text body of the same size.
 */
final class VertxLoad implements Load {
    private final LoadConfig config;
    private final Vertx vertx = Vertx.vertx();
    private final MailClient client;
    private final MailMessage message;

    VertxLoad(LoadConfig config) {
        this.config = config;
        MailConfig mc = new MailConfig("localhost", config.port())
                .setStarttls(config.tls() ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
                .setLogin(LoginOption.DISABLED)
                .setOwnHostname("client.bench.example")
                .setMaxPoolSize(config.connections())
                .setKeepAlive(!config.newConnectionPerMessage())
                .setKeepAliveTimeout(30)
                .setTrustOptions(
                        new PemTrustOptions().addCertPath(config.pki().ca().toString()));
        mc.setHostnameVerificationAlgorithm("HTTPS");
        this.client = MailClient.create(vertx, mc);
        this.message = new MailMessage()
                .setFrom(Messages.FROM)
                .setTo(Messages.TO)
                .setSubject("load test message")
                .setText(Messages.body(config.size() - 400));
    }

    @Override
    public void run(Run run) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(config.connections());
        for (int i = 0; i < config.connections(); i++) {
            next(run, done);
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("workers did not stop");
        }
    }

    private void next(Run run, CountDownLatch done) {
        if (!run.running()) {
            done.countDown();
            return;
        }
        long start = System.nanoTime();
        client.sendMail(message).onComplete(result -> {
            if (result.succeeded()) {
                run.ok(start);
                next(run, done);
            } else {
                run.error(result.cause());
                vertx.setTimer(20, t -> next(run, done));
            }
        });
    }

    @Override
    public void close() {
        try {
            client.close().await(30, TimeUnit.SECONDS);
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort at exit
        }
    }
}
