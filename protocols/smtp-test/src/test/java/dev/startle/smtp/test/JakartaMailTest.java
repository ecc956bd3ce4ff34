package dev.startle.smtp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.smtp.server.SmtpRejectException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** The kit with a real third-party client: Jakarta Mail (Angus Mail), blocking, on the test thread. */
class JakartaMailTest {

    @Test
    void startTlsWithTheKitsSslContextDeliversSecurely() throws Exception {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .start()) {
            send(startTls(server, server.sslContext()), "over TLS", null, null);
            assertThat(server.messages()).singleElement().satisfies(mail -> {
                assertThat(mail.secure()).isTrue();
                assertThat(mail.tlsProtocol())
                        .hasValueSatisfying(p -> assertThat(p).startsWith("TLSv1."));
                assertThat(mail.header("Subject")).hasValue("over TLS");
                assertThat(mail.from()).isEqualTo("alice@example.org");
                assertThat(mail.recipients()).containsExactly("bob@example.net");
                assertThat(mail.heloName()).hasValue("client.example");
                assertThat(mail.text()).contains("Hello Bob.");
            });
        }
    }

    @Test
    void theTrustStoreIsEnoughToTrustTheServer() throws Exception {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .start()) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(server.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            send(startTls(server, context), "trust store", null, null);
            assertThat(server.messages())
                    .singleElement()
                    .satisfies(mail -> assertThat(mail.secure()).isTrue());
        }
    }

    @Test
    void requiredRefusesJakartaWithoutStartTls() {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .start()) {
            assertThatThrownBy(() -> send(plaintext(server), "plaintext", null, null))
                    .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                        assertThat(e.getReturnCode()).isEqualTo(530);
                        assertThat(e.getMessage()).contains("5.7.0");
                    });
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void offeredTakesJakartaInPlaintextAndSaysSo() throws Exception {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.start()) {
            send(plaintext(server), "plaintext", null, null);
            send(startTls(server, server.sslContext()), "TLS", null, null);
            assertThat(server.messages()).extracting(ReceivedMail::secure).containsExactly(false, true);
        }
    }

    @Test
    void authenticatesJakartaUsersAndRefusesWrongPasswords() throws Exception {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .withUser("alice", "secret")
                .withUser("carol", "other")
                .requireAuth(true)
                .start()) {
            Session session = startTls(server, server.sslContext());
            session.getProperties().put("mail.smtp.auth", "true");
            send(session, "from alice", "alice", "secret");
            send(session, "from carol", "carol", "other");
            assertThatThrownBy(() -> send(session, "wrong", "alice", "guess"))
                    .isInstanceOf(AuthenticationFailedException.class);
            assertThat(server.messages())
                    .extracting(mail -> mail.authenticatedUser().orElseThrow())
                    .containsExactly("alice", "carol");
        }
    }

    @Test
    void brokenFailsJakartaWhenItChecksTheServerIdentity() {
        try (EmbeddedSmtpServer server =
                EmbeddedSmtpServer.builder().startTls(StartTlsBehaviour.BROKEN).start()) {
            assertThatThrownBy(() -> send(startTls(server, server.sslContext()), "wrong host", null, null))
                    .isInstanceOf(MessagingException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
                    .satisfies(e -> assertThat(e).hasCauseInstanceOf(SSLHandshakeException.class));
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void brokenShowsWhenJakartaDoesNotCheckTheServerIdentity() throws Exception {
        try (EmbeddedSmtpServer server =
                EmbeddedSmtpServer.builder().startTls(StartTlsBehaviour.BROKEN).start()) {
            Session careless = startTls(server, server.sslContext());
            careless.getProperties().put("mail.smtp.ssl.checkserveridentity", "false");
            send(careless, "wrong host", null, null);
            assertThat(server.messages())
                    .singleElement()
                    .satisfies(mail -> assertThat(mail.secure()).isTrue());
        }
    }

    @Test
    void absentFailsJakartaWhenStartTlsIsRequired() {
        try (EmbeddedSmtpServer server =
                EmbeddedSmtpServer.builder().startTls(StartTlsBehaviour.ABSENT).start()) {
            assertThatThrownBy(() -> send(startTls(server, server.sslContext()), "no TLS", null, null))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("STARTTLS");
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void rejectNextReachesJakartaAsTheReplyCode() throws Exception {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.start()) {
            server.rejectNext(new SmtpRejectException(554, "5.7.1", "Message refused by content filter"));
            assertThatThrownBy(() -> send(startTls(server, server.sslContext()), "refused", null, null))
                    .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                        assertThat(e.getReturnCode()).isEqualTo(554);
                        assertThat(e.getMessage()).contains("5.7.1 Message refused by content filter");
                    });
            send(startTls(server, server.sslContext()), "accepted", null, null);
            assertThat(server.messages())
                    .extracting(mail -> mail.header("Subject").orElseThrow())
                    .containsExactly("accepted");
        }
    }

    // ---- Jakarta Mail plumbing

    private static Properties base(EmbeddedSmtpServer server) {
        Properties props = new Properties();
        props.put("mail.smtp.host", server.host());
        props.put("mail.smtp.port", String.valueOf(server.port()));
        props.put("mail.smtp.localhost", "client.example");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        return props;
    }

    private static Session plaintext(EmbeddedSmtpServer server) {
        return Session.getInstance(base(server));
    }

    private static Session startTls(EmbeddedSmtpServer server, SSLContext context) {
        Properties props = base(server);
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.socketFactory", context.getSocketFactory());
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        return Session.getInstance(props);
    }

    private static void send(Session session, String subject, String user, String password) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom("alice@example.org");
        message.setRecipients(Message.RecipientType.TO, "bob@example.net");
        message.setSubject(subject);
        message.setText("Hello Bob.");
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(user, password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
