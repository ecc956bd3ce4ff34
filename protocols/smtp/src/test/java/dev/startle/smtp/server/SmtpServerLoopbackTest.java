package dev.startle.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.testing.TestPki;
import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.MessageBody;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.client.SmtpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** Startle's SMTP client delivering to Startle's SMTP server over STARTTLS with AUTH, by DATA and by BDAT. */
class SmtpServerLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest(name = "chunking {0}")
    @ValueSource(booleans = {true, false})
    void startleClientDeliversToStartleServerOverStartTlsWithAuth(boolean chunking) {
        TestPki pki = TestPki.get();
        List<byte[]> inbox = new CopyOnWriteArrayList<>();
        List<String> users = new CopyOnWriteArrayList<>();
        DisposableServer server = SmtpServer.create()
                .tls(pki.serverTls(TlsProvider.OPENSSL))
                .tlsMode(TlsMode.STARTTLS_REQUIRED)
                .auth(
                        (authz, user, password) -> Mono.just(user.equals("alice") && new String(password).equals("pw")),
                        true)
                .bindNow(message -> message.bytes()
                        .doOnNext(bytes -> {
                            inbox.add(bytes);
                            users.add(message.session().authenticatedUser().orElse("?"));
                        })
                        .then());
        SmtpClient client = SmtpClient.create()
                .host("localhost")
                .port(server.port())
                .tls(pki.clientTls(TlsProvider.JDK))
                .credentials(PasswordCredential.of("alice", "pw"))
                .useChunking(chunking);
        try {
            byte[] body = ("Subject: hi\r\n\r\n.leading dot\r\nline two\r\n..two dots\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            SendResult result = client.send(SmtpMessage.of(
                            "alice@example.org", List.of(Recipient.of("bob@example.net")), MessageBody.of(body)))
                    .block(WAIT);
            assertThat(result.secure()).isTrue();
            assertThat(result.reply().code()).isEqualTo(250);
            assertThat(inbox).hasSize(1);
            assertThat(new String(inbox.get(0), StandardCharsets.US_ASCII))
                    .isEqualTo(new String(body, StandardCharsets.US_ASCII));
            assertThat(users).containsExactly("alice");
        } finally {
            client.close().block(WAIT);
            server.disposeNow(WAIT);
        }
    }
}
