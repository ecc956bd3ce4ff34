package dev.startle.samples.quickstart;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.smtp.server.ReceivedMessage;
import dev.startle.smtp.server.SmtpServer;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * The embedded server: a Startle {@link SmtpServer} on 127.0.0.1 with a certificate minted at start-up, STARTTLS
 * required (530 before it) and AUTH for one demo user with a random password. Its handler puts each message in an
 * in-memory inbox; the server says 250 only after that.
 */
final class DemoServer implements AutoCloseable {
    static final String USER = "demo@startle.test";

    /** One delivered message as the server's handler saw it. */
    record Delivery(String from, List<String> recipients, String user, String tls, byte[] content) {}

    private final X509Bundle ca;
    private final String password;
    private final DisposableServer server;
    private final Queue<Delivery> inbox = new ConcurrentLinkedQueue<>(); // never blocks the event loop

    DemoServer() throws Exception {
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder()
                .notBefore(now.minus(1, ChronoUnit.HOURS))
                .notAfter(now.plus(1, ChronoUnit.DAYS))
                .ecp256();
        ca = base.copy()
                .subject("CN=Startle Quickstart CA")
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        X509Bundle cert = base.copy()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .buildIssuedBy(ca);
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        server = SmtpServer.create()
                .host("127.0.0.1")
                .port(0)
                .hostname("localhost")
                .tlsMode(TlsMode.STARTTLS_REQUIRED)
                .tls(TlsSettings.defaults().withKeyMaterial(cert.getKeyPair().getPrivate(), cert.getCertificatePath()))
                .auth((authzid, user, pass) -> Mono.just(USER.equals(user) && password.equals(new String(pass))), true)
                .bindNow(this::receive);
    }

    /** The handler: read the whole message, file it; the client gets 250 when this completes. */
    private Mono<Void> receive(ReceivedMessage message) {
        String tls = message.session()
                .tls()
                .map(t -> t.protocol() + ", " + t.cipherSuite())
                .orElse("no TLS");
        String user = message.session().authenticatedUser().orElse("(not authenticated)");
        return message.bytes()
                .doOnNext(bytes -> inbox.add(new Delivery(message.from(), message.recipients(), user, tls, bytes)))
                .then();
    }

    int port() {
        return server.port();
    }

    /** The CA the client must trust. */
    X509Certificate caCertificate() {
        return ca.getCertificate();
    }

    String password() {
        return password;
    }

    /** The next delivered message, waiting at most {@code timeout}; null if none arrived. */
    Delivery nextDelivery(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Delivery d = inbox.poll();
        while (d == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
            d = inbox.poll();
        }
        return d;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
