package dev.startle.smtp.test;

import static dev.startle.smtp.test.Mails.WAIT;
import static dev.startle.smtp.test.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsHandshakeException;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.TlsRequiredException;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.client.SmtpClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** Each {@link StartTlsBehaviour} does what it says, seen from Startle's own client. */
class StartTlsBehaviourTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void requiredDeliversOverStartTlsAndRecordsTheSession(TlsProvider provider) {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .tlsProvider(provider)
                .start()) {
            SmtpClient client = server.client().tls(server.clientTlsSettings().withProvider(provider));
            try {
                SendResult result = client.send(message("over TLS")).block(WAIT);
                assertThat(result.secure()).isTrue();
            } finally {
                client.close().block(WAIT);
            }
            assertThat(server.messages()).singleElement().satisfies(mail -> {
                assertThat(mail.secure()).isTrue();
                assertThat(mail.tlsProtocol()).hasValue("TLSv1.3");
                assertThat(mail.from()).isEqualTo("alice@example.org");
                assertThat(mail.recipients()).containsExactly("bob@example.net");
                assertThat(mail.bytes()).isEqualTo(Mails.bytes("over TLS"));
                assertThat(mail.authenticatedUser()).isEmpty();
            });
        }
    }

    @Test
    void requiredRefusesAPlaintextClientWith530AndDeliversNothing() {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .start()) {
            SmtpClient client = server.client().tlsMode(TlsMode.NONE);
            try {
                StepVerifier.create(client.send(message("plaintext")))
                        .expectErrorSatisfies(e -> {
                            assertThat(e).isInstanceOf(SmtpException.class);
                            SmtpException refusal = (SmtpException) e;
                            assertThat(refusal.code()).isEqualTo(530);
                            assertThat(refusal.command()).isEqualTo("MAIL FROM");
                            assertThat(refusal.enhancedCode())
                                    .hasValueSatisfying(
                                            code -> assertThat(code.toString()).isEqualTo("5.7.0"));
                        })
                        .verify(WAIT);
            } finally {
                client.close().block(WAIT);
            }
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void offeredTakesBothTlsAndPlaintextClientsAndSaysWhich() {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.start()) {
            assertThat(server.startTlsBehaviour()).isEqualTo(StartTlsBehaviour.OFFERED);
            SmtpClient tls = server.client();
            SmtpClient opportunistic = server.client().tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC);
            SmtpClient plaintext = server.client().tlsMode(TlsMode.NONE);
            try {
                assertThat(tls.send(message("required")).block(WAIT).secure()).isTrue();
                assertThat(opportunistic
                                .send(message("opportunistic"))
                                .block(WAIT)
                                .secure())
                        .isTrue();
                assertThat(plaintext.send(message("none")).block(WAIT).secure()).isFalse();
            } finally {
                tls.close().then(opportunistic.close()).then(plaintext.close()).block(WAIT);
            }
            assertThat(server.messages())
                    .extracting(mail -> mail.header("Subject").orElseThrow(), ReceivedMail::secure)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("required", true),
                            org.assertj.core.groups.Tuple.tuple("opportunistic", true),
                            org.assertj.core.groups.Tuple.tuple("none", false));
            assertThat(server.messages().get(2).tlsProtocol()).isEmpty();
        }
    }

    @Test
    void absentMakesAClientThatRequiresTlsGiveUpBeforeSendingAnything() {
        try (EmbeddedSmtpServer server =
                EmbeddedSmtpServer.builder().startTls(StartTlsBehaviour.ABSENT).start()) {
            SmtpClient required = server.client();
            SmtpClient opportunistic = server.client().tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC);
            try {
                StepVerifier.create(required.send(message("must not arrive")))
                        .expectError(TlsRequiredException.class)
                        .verify(WAIT);
                assertThat(server.messages()).isEmpty();

                SendResult fallBack = opportunistic.send(message("fell back")).block(WAIT);
                assertThat(fallBack.secure()).isFalse();
                assertThat(fallBack.warnings()).anySatisfy(w -> assertThat(w).contains("does not offer STARTTLS"));
            } finally {
                required.close().then(opportunistic.close()).block(WAIT);
            }
            assertThat(server.messages()).singleElement().satisfies(mail -> {
                assertThat(mail.secure()).isFalse();
                assertThat(mail.header("Subject")).hasValue("fell back");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void brokenFailsTheUpgradeOfAClientThatVerifiesHostNames(TlsProvider provider) {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.BROKEN)
                .tlsProvider(provider)
                .start()) {
            SmtpClient required = server.client().tls(server.clientTlsSettings().withProvider(provider));
            SmtpClient opportunistic = required.tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC);
            try {
                for (SmtpClient client : new SmtpClient[] {required, opportunistic}) {
                    StepVerifier.create(client.send(message("must not arrive")))
                            .expectErrorSatisfies(e -> {
                                assertThat(e).isInstanceOf(TlsHandshakeException.class);
                                assertThat(((TlsHandshakeException) e).failure())
                                        .isEqualTo(TlsHandshakeException.Failure.HOSTNAME_MISMATCH);
                            })
                            .verify(WAIT);
                }
            } finally {
                required.close().then(opportunistic.close()).block(WAIT);
            }
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void brokenCatchesAClientThatSkipsHostNameVerification() {
        try (EmbeddedSmtpServer server =
                EmbeddedSmtpServer.builder().startTls(StartTlsBehaviour.BROKEN).start()) {
            SmtpClient careless = server.client().tls(server.clientTlsSettings().withHostnameVerification(false));
            try {
                careless.send(message("to the wrong host")).block(WAIT);
            } finally {
                careless.close().block(WAIT);
            }
            // What a test of a client that must verify host names asserts never happens:
            assertThat(server.messages())
                    .singleElement()
                    .satisfies(mail -> assertThat(mail.secure()).isTrue());
        }
    }

    @Test
    void brokenStillTakesPlaintextSoAFallbackPathCanBeTested() {
        try (EmbeddedSmtpServer server =
                EmbeddedSmtpServer.builder().startTls(StartTlsBehaviour.BROKEN).start()) {
            SmtpClient plaintext = server.client().tlsMode(TlsMode.NONE);
            try {
                assertThat(plaintext.send(message("plaintext")).block(WAIT).secure())
                        .isFalse();
            } finally {
                plaintext.close().block(WAIT);
            }
            assertThat(server.messages())
                    .singleElement()
                    .satisfies(mail -> assertThat(mail.secure()).isFalse());
        }
    }

    @Test
    void refusedAnswers454AndNeverDelivers() {
        try (EmbeddedSmtpServer server =
                EmbeddedSmtpServer.builder().startTls(StartTlsBehaviour.REFUSED).start()) {
            SmtpClient required = server.client();
            SmtpClient opportunistic = server.client().tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC);
            try {
                StepVerifier.create(required.send(message("must not arrive")))
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(TlsRequiredException.class)
                                .hasMessageContaining("454 4.7.0"))
                        .verify(WAIT);
                StepVerifier.create(opportunistic.send(message("must not arrive either")))
                        .expectErrorSatisfies(e -> {
                            assertThat(e).isInstanceOf(SmtpException.class);
                            assertThat(((SmtpException) e).code()).isEqualTo(530);
                        })
                        .verify(WAIT);
            } finally {
                required.close().then(opportunistic.close()).block(WAIT);
            }
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void certificatesAreMintedPerServerAndExportedForOtherClients() throws Exception {
        try (EmbeddedSmtpServer first = EmbeddedSmtpServer.start();
                EmbeddedSmtpServer second = EmbeddedSmtpServer.start()) {
            assertThat(first.host()).isEqualTo("127.0.0.1");
            assertThat(first.port()).isNotEqualTo(second.port()).isPositive();
            assertThat(first.caCertificate()).isNotEqualTo(second.caCertificate());
            assertThat(first.clientTlsSettings().hostnameVerification()).isTrue();
            assertThat(first.trustStore()
                            .getCertificate(first.trustStore().aliases().nextElement()))
                    .isEqualTo(first.caCertificate());
            java.nio.file.Path pem = first.caPemFile();
            assertThat(java.nio.file.Files.readString(pem, StandardCharsets.US_ASCII))
                    .startsWith("-----BEGIN CERTIFICATE-----");
            first.close();
            assertThat(pem).doesNotExist();
            assertThat(first.toString()).endsWith("closed]");
        }
    }
}
