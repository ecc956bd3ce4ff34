package dev.startle.smtp.client;

import static dev.startle.smtp.client.Dialogues.WAIT;
import static dev.startle.smtp.client.Dialogues.failureOf;
import static dev.startle.smtp.client.Dialogues.sendAndClose;
import static dev.startle.smtp.client.Dialogues.toBob;
import static dev.startle.smtp.testing.SmtpScript.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsRequiredException;
import dev.startle.core.Wiretap;
import dev.startle.core.testing.TestPki;
import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslServerVerificationException;
import dev.startle.smtp.EnhancedStatusCode;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpAuthenticationException;
import dev.startle.smtp.testing.ScriptedSmtpServer;
import dev.startle.smtp.testing.SmtpScript;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP AUTH (RFC 4954) against scripted servers: the exact bytes of PLAIN, LOGIN and CRAM-MD5, a real SCRAM-SHA-256
 * exchange (with and without channel binding) checked by an independent server side, a forged SCRAM server signature,
 * refusals, a wiretap that never shows a credential, and credentials never sent without TLS unless explicitly allowed.
 */
class SmtpClientAuthDialogueTest {
    private static final String USER = "alice@example.org";
    private static final String PASSWORD = "s3cret-p\u00e4ssword";
    private static final PasswordCredential ALICE = PasswordCredential.of(USER, PASSWORD);
    private static final String GO_AHEAD = "220 2.0.0 Ready to start TLS";
    private static final String AUTH_OK = "235 2.7.0 Authentication successful";

    /** Greeting, EHLO, STARTTLS and EHLO again under TLS offering {@code tlsKeywords}. */
    private static SmtpScript secured(String... tlsKeywords) {
        return script().greet()
                .ehlo("PIPELINING", "STARTTLS")
                .expectStartTls(GO_AHEAD)
                .ehlo(tlsKeywords);
    }

    /** One message from Alice to Bob, one command at a time, then QUIT. */
    private static SmtpScript oneMessageThenQuit() {
        return script().expect("MAIL FROM:<alice@example.org>")
                .reply("250 2.1.0 Ok")
                .expect("RCPT TO:<bob@example.net>")
                .reply("250 2.1.5 Ok")
                .expect("DATA")
                .reply("354 go ahead")
                .expectData()
                .reply("250 2.0.0 Ok: queued as AUTH1")
                .quit();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** No wiretap entry shows the password, in clear or base64, alone or inside a SASL message. */
    private static void assertNoCredentialIn(List<String> entries, String... alsoSecret) {
        assertThat(entries).noneMatch(e -> e.contains(PASSWORD) || e.contains(base64(PASSWORD)));
        for (String secret : alsoSecret) {
            assertThat(entries).noneMatch(e -> e.contains(secret));
        }
    }

    @Test
    void plainSendsTheExactInitialResponseAndTheWiretapRedactsTheExchange() {
        String initialResponse = base64("\0" + USER + "\0" + PASSWORD);
        Dialogues.WireLog wire = new Dialogues.WireLog();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(secured("AUTH PLAIN LOGIN")
                .expectExactly("AUTH PLAIN " + initialResponse)
                .reply(AUTH_OK)
                .andThen(oneMessageThenQuit()))) {
            SendResult result = sendAndClose(server.client().credentials(ALICE).wiretap(Wiretap.to(wire)), toBob());

            assertThat(result.secure()).isTrue();
            server.verify(WAIT);
            assertThat(wire.entries).contains("> <redacted: AUTH PLAIN>", "< <redacted: AUTH PLAIN>");
            assertThat(wire.entries).contains("> MAIL FROM:<alice@example.org>");
            assertNoCredentialIn(wire.entries, initialResponse);
        }
    }

    enum Scram {
        WITHOUT_BINDING("SCRAM-SHA-256", "AUTH SCRAM-SHA-256 PLAIN", "y,,"),
        WITH_BINDING("SCRAM-SHA-256-PLUS", "AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256 PLAIN", "p=tls-server-end-point,,");

        final String mechanism;
        final String offer;
        final String gs2Header;

        Scram(String mechanism, String offer, String gs2Header) {
            this.mechanism = mechanism;
            this.offer = offer;
            this.gs2Header = gs2Header;
        }

        /** What the server binds to: RFC 5929 tls-server-end-point, the SHA-256 of its certificate. */
        byte[] bindingData() throws Exception {
            return this == WITH_BINDING
                    ? MessageDigest.getInstance("SHA-256")
                            .digest(TestPki.get().server().getCertificate().getEncoded())
                    : new byte[0];
        }
    }

    @ParameterizedTest
    @EnumSource(Scram.class)
    void scramSha256AuthenticatesAgainstAnIndependentServerSide(Scram scram) throws Exception {
        ScramSha256Server side = new ScramSha256Server(PASSWORD, scram.bindingData());
        Dialogues.WireLog wire = new Dialogues.WireLog();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(secured(scram.offer)
                .expect("AUTH " + scram.mechanism + " *")
                .replyWith(line -> List.of(side.serverFirst(line)))
                .expect("*")
                .replyWith(line -> List.of(side.serverFinal(line, false)))
                .expectExactly("")
                .reply(AUTH_OK)
                .andThen(oneMessageThenQuit()))) {
            SendResult result = sendAndClose(server.client().credentials(ALICE).wiretap(Wiretap.to(wire)), toBob());

            assertThat(result.accepted()).hasSize(1);
            server.verify(WAIT);
            assertThat(side.gs2Header()).isEqualTo(scram.gs2Header);
            assertThat(wire.entries).contains("> <redacted: AUTH " + scram.mechanism + ">");
            assertNoCredentialIn(wire.entries);
        }
    }

    @Test
    void aScramServerThatCannotProveItKnowsThePasswordIsRefusedAndTheExchangeCancelled() {
        ScramSha256Server side = new ScramSha256Server(PASSWORD, new byte[0]);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(secured("AUTH SCRAM-SHA-256")
                .expect("AUTH SCRAM-SHA-256 *")
                .replyWith(line -> List.of(side.serverFirst(line)))
                .expect("*")
                .replyWith(line -> List.of(side.serverFinal(line, true)))
                .expectExactly("*")
                .reply("501 5.7.0 Authentication cancelled")
                .expectClose())) {
            Throwable error = failureOf(server.client().credentials(ALICE), toBob());

            assertThat(error).isInstanceOf(SaslServerVerificationException.class);
            server.verify(WAIT);
            assertThat(server.conversation(1).commands()).noneMatch(c -> c.startsWith("MAIL"));
        }
    }

    @Test
    void refusedCredentialsAreATypedErrorWithTheServersCodes() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(secured("AUTH PLAIN", "ENHANCEDSTATUSCODES")
                .expect("AUTH PLAIN *")
                .reply("535 5.7.8 Error: authentication failed: authentication failure")
                .expectClose())) {
            Throwable error = failureOf(server.client().credentials(ALICE), toBob());

            assertThat(error).isInstanceOf(SmtpAuthenticationException.class);
            SmtpAuthenticationException refused = (SmtpAuthenticationException) error;
            assertThat(refused.code()).isEqualTo(535);
            assertThat(refused.enhancedCode()).contains(new EnhancedStatusCode(5, 7, 8));
            assertThat(refused.command()).isEqualTo("AUTH PLAIN");
            assertThat(refused.isPermanent()).isTrue();
            server.verify(WAIT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"STARTTLS_OPPORTUNISTIC", "NONE"})
    void credentialsAreNeverSentWithoutTlsUnlessExplicitlyAllowed(TlsMode mode) {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(
                script().greet().ehlo("PIPELINING", "AUTH PLAIN LOGIN").quit())) {
            Throwable error = failureOf(server.client().tlsMode(mode).credentials(ALICE), toBob());

            assertThat(error).isInstanceOf(TlsRequiredException.class);
            server.verify(WAIT);
            assertThat(server.conversation(1).commands()).noneMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL"));
        }
    }

    @Test
    void withTlsModeNoneAndAllowPlaintextAuthLoginAnswersBothChallengesInPlaintext() {
        Dialogues.WireLog wire = new Dialogues.WireLog();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script().greet()
                .ehlo("AUTH LOGIN")
                .expectExactly("AUTH LOGIN")
                .reply("334 " + base64("Username:"))
                .expectExactly(base64(USER))
                .reply("334 " + base64("Password:"))
                .expectExactly(base64(PASSWORD))
                .reply(AUTH_OK)
                .andThen(oneMessageThenQuit()))) {
            SmtpClient client = server.client()
                    .tlsMode(TlsMode.NONE)
                    .allowPlaintextAuth(true)
                    .credentials(ALICE)
                    .wiretap(Wiretap.to(wire));
            SendResult result = sendAndClose(client, toBob());

            assertThat(result.secure()).isFalse();
            server.verify(WAIT);
            assertThat(wire.entries).contains("> <redacted: AUTH LOGIN>");
            assertNoCredentialIn(wire.entries, base64(USER));
        }
    }

    @Test
    void cramMd5AnswersTheChallengeWithTheKeyedDigest() throws Exception {
        String challenge = "<1896.697170952@" + SmtpScript.SERVER_NAME + ">";
        Mac hmac = Mac.getInstance("HmacMD5");
        hmac.init(new SecretKeySpec(PASSWORD.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        String digest = HexFormat.of().formatHex(hmac.doFinal(challenge.getBytes(StandardCharsets.US_ASCII)));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script().greet()
                .ehlo("AUTH PLAIN CRAM-MD5")
                .expectExactly("AUTH CRAM-MD5")
                .reply("334 " + base64(challenge))
                .expectExactly(base64(USER + " " + digest))
                .reply(AUTH_OK)
                .andThen(oneMessageThenQuit()))) {
            SmtpClient client = server.client()
                    .tlsMode(TlsMode.NONE)
                    .allowPlaintextAuth(true)
                    .credentials(ALICE)
                    .authMechanism("CRAM-MD5");
            sendAndClose(client, toBob());

            server.verify(WAIT);
        }
    }
}
