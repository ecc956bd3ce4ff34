package dev.startle.samples.webfluxmail;

import dev.startle.core.TlsInfo;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.smtp.server.ReceivedMessage;
import dev.startle.smtp.server.SmtpHandler;
import dev.startle.smtp.server.SmtpRejectException;
import dev.startle.smtp.server.SmtpServer;
import dev.startle.smtp.server.SmtpServerSession;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * A demo SMTP relay inside the application: Startle's {@link SmtpServer} on 127.0.0.1 with a certificate for
 * localhost minted at start-up by a throw-away CA, STARTTLS required, AUTH required for one user with a random
 * password, recipients in the reject domain refused with {@code 550 5.1.1}, and every accepted message kept in an
 * {@link Inbox}. It is acknowledged ({@code 250}) only after the inbox has it.
 */
public final class EmbeddedRelay implements AutoCloseable {
    /** The user the application authenticates as. */
    public static final String USER = "demo";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRelay.class);

    private final Inbox inbox;
    private final X509Bundle ca;
    private final String password;
    private final DisposableServer server;

    /** Mints the certificates and binds; blocks the calling (starting) thread until bound. */
    public EmbeddedRelay(SampleProperties.Relay settings, Inbox inbox) {
        this.inbox = inbox;
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        this.password = HexFormat.of().formatHex(secret);
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder()
                .notBefore(now.minus(1, ChronoUnit.HOURS))
                .notAfter(now.plus(7, ChronoUnit.DAYS))
                .ecp256();
        X509Bundle leaf;
        try {
            this.ca = base.copy()
                    .subject("CN=Startle webflux-mail demo CA")
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            leaf = base.copy()
                    .subject("CN=localhost")
                    .addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1")
                    .addExtendedKeyUsageServerAuth()
                    .buildIssuedBy(ca);
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint the demo relay's certificate", e);
        }
        String rejectDomain = "@" + settings.getRejectDomain().toLowerCase(Locale.ROOT);
        this.server = SmtpServer.create()
                .host("127.0.0.1")
                .port(settings.getPort())
                .hostname("localhost")
                .tls(TlsSettings.defaults().withKeyMaterial(leaf.getKeyPair().getPrivate(), leaf.getCertificatePath()))
                .tlsMode(settings.getTlsMode())
                .allowPlaintextAuth(settings.getTlsMode() == TlsMode.NONE)
                .auth((authz, user, pw) -> Mono.just(USER.equals(user) && constantTimeEquals(password, pw)), true)
                .bindNow(new Handler(rejectDomain));
        log.info(
                "Embedded relay on 127.0.0.1:{} ({}, AUTH {}); recipients @{} are refused",
                server.port(),
                settings.getTlsMode(),
                USER,
                settings.getRejectDomain());
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The CA that issued the relay's certificate: the only certificate the application trusts for it. */
    public X509Certificate ca() {
        return ca.getCertificate();
    }

    /** The random password of {@link #USER}. */
    public String password() {
        return password;
    }

    /** What arrived. */
    public Inbox inbox() {
        return inbox;
    }

    /** Stops listening and closes connections. */
    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    private static boolean constantTimeEquals(String expected, char[] given) {
        return MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new String(given).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private final class Handler implements SmtpHandler {
        private final String rejectDomain;

        Handler(String rejectDomain) {
            this.rejectDomain = rejectDomain;
        }

        @Override
        public Mono<Void> onRcptTo(SmtpServerSession session, String recipient, Map<String, String> parameters) {
            if (recipient.toLowerCase(Locale.ROOT).endsWith(rejectDomain)) {
                return Mono.error(new SmtpRejectException(
                        550,
                        "5.1.1",
                        recipient + ": mailbox unavailable (the demo relay refuses " + rejectDomain + ")"));
            }
            return Mono.empty();
        }

        @Override
        public Mono<Void> onMessage(ReceivedMessage message) {
            SmtpServerSession session = message.session();
            return message.bytes()
                    .doOnNext(bytes -> inbox.add(
                            message.from(),
                            message.recipients(),
                            session.isSecure(),
                            session.tls().map(TlsInfo::protocol).orElse(null),
                            session.tls().map(TlsInfo::cipherSuite).orElse(null),
                            session.authenticatedUser().orElse(null),
                            bytes))
                    .then();
        }
    }
}
