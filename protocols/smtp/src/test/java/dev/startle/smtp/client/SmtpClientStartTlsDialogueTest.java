package dev.startle.smtp.client;

import static dev.startle.smtp.client.Dialogues.BODY;
import static dev.startle.smtp.client.Dialogues.WAIT;
import static dev.startle.smtp.client.Dialogues.failureOf;
import static dev.startle.smtp.client.Dialogues.sendAndClose;
import static dev.startle.smtp.client.Dialogues.toBob;
import static dev.startle.smtp.client.Dialogues.utf8;
import static dev.startle.smtp.testing.SmtpScript.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.Line;
import dev.startle.core.StartTlsInjectionException;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsRequiredException;
import dev.startle.core.Wiretap;
import dev.startle.core.testing.ScriptedPeer;
import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.testing.Conversation;
import dev.startle.smtp.testing.ScriptedSmtpServer;
import dev.startle.smtp.testing.SmtpScript;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * STARTTLS as the SMTP client does it (RFC 3207, invariants 1 to 3): a required upgrade is never skipped, nothing
 * learned in plaintext survives it, nothing is pipelined with it, and a reply injected behind the go-ahead fails it.
 */
class SmtpClientStartTlsDialogueTest {
    private static final String GO_AHEAD = "220 2.0.0 Ready to start TLS";

    @Test
    void requiredTlsWithoutAStartTlsOfferFailsBeforeMailOrAuth() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                script().greet().ehlo("PIPELINING", "AUTH PLAIN LOGIN").quit())) {
            SmtpClient client = server.client().credentials(PasswordCredential.of("alice", "s3cret"));
            Throwable error = failureOf(client, toBob());

            assertThat(error).isInstanceOf(TlsRequiredException.class).hasMessageContaining("STARTTLS");
            server.verify(WAIT);
            assertThat(server.conversation(1).commands()).allMatch(c -> c.startsWith("EHLO ") || c.equals("QUIT"));
        }
    }

    @Test
    void requiredTlsRefusedWith454FailsBeforeMailOrAuth() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script().greet()
                .ehlo("PIPELINING", "STARTTLS", "AUTH PLAIN")
                .expect("STARTTLS")
                .reply("454 4.7.0 TLS not available due to temporary reason")
                .quit())) {
            SmtpClient client = server.client().credentials(PasswordCredential.of("alice", "s3cret"));
            Throwable error = failureOf(client, toBob());

            assertThat(error).isInstanceOf(TlsRequiredException.class).hasMessageContaining("454");
            server.verify(WAIT);
            assertThat(server.conversation(1).commands()).noneMatch(c -> c.startsWith("MAIL") || c.startsWith("AUTH"));
        }
    }

    @ParameterizedTest(name = "server read-ahead {0}")
    @ValueSource(booleans = {true, false})
    void afterTheUpgradeEhloIsSentAgainAndPlaintextExtensionsAreForgotten(boolean readAhead) {
        // In plaintext the server offers PIPELINING, CHUNKING and a SIZE the message exceeds; under TLS none of them.
        // A client that trusted the plaintext offer would pipeline, use BDAT, or refuse the message as too large.
        Dialogues.WireLog wire = new Dialogues.WireLog();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                s -> s.readAhead(readAhead),
                script().greet()
                        .ehlo("PIPELINING", "CHUNKING", "SIZE 10", "STARTTLS")
                        .expectStartTls(GO_AHEAD)
                        .ehlo("8BITMIME")
                        .expect("MAIL FROM:<alice@example.org>")
                        .reply("250 2.1.0 Ok")
                        .expect("RCPT TO:<bob@example.net>")
                        .reply("250 2.1.5 Ok")
                        .expect("DATA")
                        .reply("354 go ahead")
                        .expectData()
                        .reply("250 2.0.0 Ok: queued as TLS1")
                        .quit())) {
            SendResult result = sendAndClose(server.client().wiretap(Wiretap.to(wire)), toBob());

            assertThat(result.secure()).isTrue();
            assertThat(result.warnings()).isEmpty();
            server.verify(WAIT);
            Conversation c = server.conversation(1);
            List<Line> received = c.received();
            int startTls = c.commands().indexOf("STARTTLS");
            assertThat(received.get(startTls).isSecure()).isFalse();
            // STARTTLS came alone: the next line arrived only after the handshake, under TLS (the server's upgrade
            // would have failed on anything pipelined behind it).
            assertThat(received.get(startTls + 1).text()).startsWith("EHLO ");
            assertThat(received.subList(startTls + 1, received.size())).allMatch(Line::isSecure);
            assertThat(c.dataBytes(0)).isEqualTo(utf8(BODY));
            assertThat(wire.between("> MAIL FROM", "< 354"))
                    .containsExactly(
                            "> MAIL FROM:<alice@example.org>",
                            "< 250 2.1.0 Ok",
                            "> RCPT TO:<bob@example.net>",
                            "< 250 2.1.5 Ok",
                            "> DATA",
                            "< 354 go ahead");
        }
    }

    @Test
    void theSessionReportsOnlyWhatTheServerOfferedUnderTls() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script().greet()
                .ehlo("PIPELINING", "CHUNKING", "STARTTLS")
                .expectStartTls(GO_AHEAD)
                .ehlo("SIZE 1000", "ENHANCEDSTATUSCODES")
                .quit())) {
            SmtpSession session = server.client().session().block(WAIT);
            try {
                assertThat(session.isSecure()).isTrue();
                assertThat(session.tls()).isPresent();
                assertThat(session.extensions().keywords()).containsExactlyInAnyOrder("SIZE", "ENHANCEDSTATUSCODES");
                assertThat(session.extensions().pipelining()).isFalse();
                assertThat(session.extensions().startTls()).isFalse();
            } finally {
                session.quit().block(WAIT);
            }
            server.verify(WAIT);
        }
    }

    @Test
    void aReplyInjectedBehindTheGoAheadFailsTheUpgrade() {
        AtomicReference<byte[]> afterGoAhead = new AtomicReference<>();
        try (ScriptedPeer peer = ScriptedPeer.start(p -> {
            p.write("220 " + SmtpScript.SERVER_NAME + " ESMTP\r\n");
            assertThat(p.readLine()).startsWith("EHLO ");
            p.write("250-" + SmtpScript.SERVER_NAME + "\r\n250 STARTTLS\r\n");
            assertThat(p.readLine()).isEqualTo("STARTTLS");
            // The go-ahead and a forged reply in one TCP segment, as a man in the middle would inject it.
            p.write("220 go ahead\r\n250 injected\r\n");
            afterGoAhead.set(p.readToEof());
        })) {
            SmtpClient client = SmtpClient.create()
                    .host("127.0.0.1")
                    .port(peer.port())
                    .tls(ScriptedSmtpServer.clientTls())
                    .replyTimeout(ScriptedSmtpServer.STEP_TIMEOUT);
            Throwable error = failureOf(client, toBob());

            assertThat(error).isInstanceOf(StartTlsInjectionException.class).hasMessageContaining("250 injected");
            peer.await(WAIT);
            // No handshake started and nothing else was sent: the client closed the connection.
            assertThat(afterGoAhead.get()).isEmpty();
        }
    }

    @Test
    void opportunisticModeWithoutAnOfferSendsInPlaintextAndWarns() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script().greet()
                .ehlo("PIPELINING")
                .expect("MAIL FROM:<alice@example.org>")
                .expect("RCPT TO:<bob@example.net>")
                .expect("DATA")
                .reply("250 2.1.0 Ok", "250 2.1.5 Ok", "354 go ahead")
                .expectData()
                .reply("250 2.0.0 Ok")
                .quit())) {
            SendResult result = sendAndClose(server.client().tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC), toBob());

            assertThat(result.secure()).isFalse();
            assertThat(result.warnings()).singleElement().asString().contains("STARTTLS");
            server.verify(WAIT);
        }
    }
}
