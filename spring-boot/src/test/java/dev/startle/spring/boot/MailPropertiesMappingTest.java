package dev.startle.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.core.testing.TestPki;
import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.client.SmtpPoolSettings;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Each {@code spring.mail.*} / {@code startle.mail.*} property, alone or in conflict, and what it resolves to. */
@ExtendWith(OutputCaptureExtension.class)
class MailPropertiesMappingTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StartleMailAutoConfiguration.class))
            .withPropertyValues("spring.mail.host=smtp.example.org");

    static Stream<Arguments> mappings() {
        String ca = TestPki.get().caPemFile().toString();
        return Stream.of(
                map("defaults", List.of(), s -> {
                    assertThat(s.host()).isEqualTo("smtp.example.org");
                    assertThat(s.port()).isEqualTo(587);
                    assertThat(s.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
                    assertThat(s.tls()).isSameAs(TlsSettings.defaults());
                    assertThat(s.credential()).isEmpty();
                    assertThat(s.authMechanism()).isEmpty();
                    assertThat(s.ehloName()).isEmpty();
                    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(s.replyTimeout()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(s.pool()).isEqualTo(SmtpPoolSettings.defaults());
                    assertThat(s.requireAllRecipients()).isFalse();
                    assertThat(s.useChunking()).isTrue();
                    assertThat(s.allowPlaintextAuth()).isFalse();
                    assertThat(s.wiretap()).isFalse();
                }),
                map(
                        "spring.mail.port",
                        List.of("spring.mail.port=2525"),
                        s -> assertThat(s.port()).isEqualTo(2525)),
                map("protocol smtps: implicit TLS on 465", List.of("spring.mail.protocol=smtps"), s -> {
                    assertThat(s.tlsMode()).isEqualTo(TlsMode.IMPLICIT);
                    assertThat(s.port()).isEqualTo(465);
                }),
                map(
                        "protocol SMTPS, any case",
                        List.of("spring.mail.protocol=SMTPS"),
                        s -> assertThat(s.tlsMode()).isEqualTo(TlsMode.IMPLICIT)),
                map("spring.mail.ssl.enabled", List.of("spring.mail.ssl.enabled=true"), s -> {
                    assertThat(s.tlsMode()).isEqualTo(TlsMode.IMPLICIT);
                    assertThat(s.port()).isEqualTo(465);
                }),
                map(
                        "mail.smtp.ssl.enable",
                        List.of("spring.mail.properties.mail.smtp.ssl.enable=true"),
                        s -> assertThat(s.tlsMode()).isEqualTo(TlsMode.IMPLICIT)),
                map(
                        "mail.smtps.* with protocol smtps",
                        List.of(
                                "spring.mail.protocol=smtps",
                                "spring.mail.properties.mail.smtps.connectiontimeout=1500"),
                        s -> assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(1500))),
                map(
                        "mail.smtp.starttls.enable alone is required, not opportunistic",
                        List.of("spring.mail.properties.mail.smtp.starttls.enable=true"),
                        s -> assertThat(s.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED)),
                map(
                        "mail.smtp.starttls.required",
                        List.of(
                                "spring.mail.properties.mail.smtp.starttls.enable=true",
                                "spring.mail.properties.mail.smtp.starttls.required=true"),
                        s -> assertThat(s.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED)),
                map(
                        "mail.smtp.starttls.enable=false does not downgrade",
                        List.of("spring.mail.properties.mail.smtp.starttls.enable=false"),
                        s -> assertThat(s.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED)),
                map("tls-mode opportunistic", List.of("startle.mail.tls-mode=starttls-opportunistic"), s -> {
                    assertThat(s.tlsMode()).isEqualTo(TlsMode.STARTTLS_OPPORTUNISTIC);
                    assertThat(s.port()).isEqualTo(587);
                }),
                map("tls-mode implicit", List.of("startle.mail.tls-mode=implicit"), s -> {
                    assertThat(s.tlsMode()).isEqualTo(TlsMode.IMPLICIT);
                    assertThat(s.port()).isEqualTo(465);
                }),
                map(
                        "explicit tls-mode wins over smtps",
                        List.of("spring.mail.protocol=smtps", "startle.mail.tls-mode=none"),
                        s -> {
                            assertThat(s.tlsMode()).isEqualTo(TlsMode.NONE);
                            assertThat(s.port()).isEqualTo(587);
                        }),
                map(
                        "explicit tls-mode wins over ssl.enabled",
                        List.of("spring.mail.ssl.enabled=true", "startle.mail.tls-mode=STARTTLS_REQUIRED"),
                        s -> assertThat(s.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED)),
                map(
                        "username and password",
                        List.of("spring.mail.username=app@example.org", "spring.mail.password=hunter2"),
                        s -> {
                            assertThat(s.credential()).containsInstanceOf(PasswordCredential.class);
                            PasswordCredential c =
                                    (PasswordCredential) s.credential().orElseThrow();
                            assertThat(c.username()).isEqualTo("app@example.org");
                            assertThat(new String(c.password())).isEqualTo("hunter2");
                            assertThat(s.toString()).doesNotContain("hunter2");
                        }),
                map(
                        "mail.smtp.connectiontimeout",
                        List.of("spring.mail.properties.mail.smtp.connectiontimeout=2500"),
                        s -> assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(2500))),
                map(
                        "startle.mail.connect-timeout wins",
                        List.of(
                                "spring.mail.properties.mail.smtp.connectiontimeout=2500",
                                "startle.mail.connect-timeout=1s"),
                        s -> assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(1))),
                map(
                        "mail.smtp.timeout",
                        List.of("spring.mail.properties.mail.smtp.timeout=30000"),
                        s -> assertThat(s.replyTimeout()).isEqualTo(Duration.ofSeconds(30))),
                map(
                        "startle.mail.reply-timeout wins",
                        List.of("spring.mail.properties.mail.smtp.timeout=30000", "startle.mail.reply-timeout=45s"),
                        s -> assertThat(s.replyTimeout()).isEqualTo(Duration.ofSeconds(45))),
                map(
                        "JavaMail's infinite timeout 0 stays bounded",
                        List.of("spring.mail.properties.mail.smtp.timeout=0"),
                        s -> assertThat(s.replyTimeout()).isEqualTo(Duration.ofMinutes(5))),
                map(
                        "mail.smtp.localhost",
                        List.of("spring.mail.properties.mail.smtp.localhost=app.example.org"),
                        s -> assertThat(s.ehloName()).contains("app.example.org")),
                map(
                        "startle.mail.ehlo-name wins",
                        List.of(
                                "spring.mail.properties.mail.smtp.localhost=app.example.org",
                                "startle.mail.ehlo-name=web1.example.org"),
                        s -> assertThat(s.ehloName()).contains("web1.example.org")),
                map(
                        "startle.mail.pool.*",
                        List.of(
                                "startle.mail.pool.max-connections=9",
                                "startle.mail.pool.max-idle-time=1m",
                                "startle.mail.pool.validate-after-idle=250ms",
                                "startle.mail.pool.max-pending-acquires=7"),
                        s -> assertThat(s.pool())
                                .isEqualTo(new SmtpPoolSettings(9, Duration.ofMinutes(1), Duration.ofMillis(250), 7))),
                map(
                        "startle.mail booleans",
                        List.of(
                                "startle.mail.require-all-recipients=true",
                                "startle.mail.use-chunking=false",
                                "startle.mail.tls-mode=none",
                                "startle.mail.allow-plaintext-auth=true",
                                "startle.mail.wiretap=true"),
                        s -> {
                            assertThat(s.requireAllRecipients()).isTrue();
                            assertThat(s.useChunking()).isFalse();
                            assertThat(s.allowPlaintextAuth()).isTrue();
                            assertThat(s.wiretap()).isTrue();
                        }),
                map(
                        "mail.smtp.ssl.protocols",
                        List.of("spring.mail.properties.mail.smtp.ssl.protocols=TLSv1.3"),
                        s -> assertThat(s.tls().protocols()).containsExactly("TLSv1.3")),
                map(
                        "mail.smtp.ssl.ciphersuites",
                        List.of(
                                "spring.mail.properties.mail.smtp.ssl.ciphersuites=TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384"),
                        s -> assertThat(s.tls().cipherSuites())
                                .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384")),
                map(
                        "spring.mail.ssl.verify-hostname=false",
                        List.of("spring.mail.ssl.verify-hostname=false"),
                        s -> assertThat(s.tls().hostnameVerification()).isFalse()),
                map(
                        "mail.smtp.ssl.trust and checkserveridentity cannot weaken TLS",
                        List.of(
                                "spring.mail.properties.mail.smtp.ssl.trust=*",
                                "spring.mail.properties.mail.smtp.ssl.checkserveridentity=false"),
                        s -> {
                            assertThat(s.tls().isInsecure()).isFalse();
                            assertThat(s.tls().hostnameVerification()).isTrue();
                        }),
                map(
                        "one mail.smtp.auth.mechanisms entry pins it",
                        List.of("spring.mail.properties.mail.smtp.auth.mechanisms=plain"),
                        s -> assertThat(s.authMechanism()).contains("PLAIN")),
                map(
                        "several mail.smtp.auth.mechanisms leave the choice",
                        List.of("spring.mail.properties.mail.smtp.auth.mechanisms=PLAIN LOGIN"),
                        s -> assertThat(s.authMechanism()).isEmpty()),
                map(
                        "startle.mail.trust-certificates, a path",
                        List.of("startle.mail.trust-certificates=" + ca),
                        s -> assertThat(s.tls().toString()).contains("trust=CERTIFICATES")),
                map(
                        "startle.mail.trust-certificates, a file: URL",
                        List.of("startle.mail.trust-certificates=file:" + ca),
                        s -> assertThat(s.tls().toString()).contains("trust=CERTIFICATES")));
    }

    private static Arguments map(String name, List<String> properties, Consumer<MailRelaySettings> expectation) {
        return Arguments.of(name, properties, expectation);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void propertiesResolveToSettingsAndTheClient(
            String name, List<String> properties, Consumer<MailRelaySettings> expectation) {
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).hasNotFailed();
            MailRelaySettings settings = context.getBean(MailRelaySettings.class);
            expectation.accept(settings);
            SmtpClient client = context.getBean(SmtpClient.class);
            assertThat(client.tlsMode()).isEqualTo(settings.tlsMode());
            assertThat(client.toString()).contains(settings.address());
        });
    }

    @Test
    void trustCertificatesFromTheClassPath(@TempDir Path dir) throws Exception {
        Files.copy(TestPki.get().caPemFile(), dir.resolve("relay-ca.pem"));
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            runner.withClassLoader(loader)
                    .withPropertyValues("startle.mail.trust-certificates=classpath:relay-ca.pem")
                    .run(context -> assertThat(context.getBean(MailRelaySettings.class)
                                    .tls()
                                    .toString())
                            .contains("trust=CERTIFICATES"));
        }
    }

    @Test
    void sslBundleProvidesTheTrustAndItsProtocols() {
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(
                        "spring.ssl.bundle.pem.relay.truststore.certificate=file:"
                                + TestPki.get().caPemFile(),
                        "spring.ssl.bundle.pem.relay.options.enabled-protocols=TLSv1.3",
                        "spring.mail.ssl.bundle=relay")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TlsSettings tls = context.getBean(MailRelaySettings.class).tls();
                    assertThat(tls.toString()).contains("trust=FACTORY");
                    assertThat(tls.protocols()).containsExactly("TLSv1.3");
                });
    }

    static Stream<Arguments> misconfigurations() {
        return Stream.of(
                Arguments.of(
                        List.of("spring.mail.username=alice"),
                        "spring.mail.username is set but spring.mail.password is not"),
                Arguments.of(
                        List.of("spring.mail.password=secret"),
                        "spring.mail.password is set but spring.mail.username is not"),
                Arguments.of(List.of("spring.mail.protocol=imap"), "spring.mail.protocol=imap is not supported"),
                Arguments.of(
                        List.of("spring.mail.properties.mail.smtp.ssl.protocols=TLSv1.1"),
                        "unsupported TLS protocol TLSv1.1"),
                Arguments.of(
                        List.of("spring.mail.properties.mail.smtp.timeout=soon"),
                        "mail.smtp.timeout=soon is not a number of milliseconds"),
                Arguments.of(
                        List.of("startle.mail.trust-certificates=/nonexistent/ca.pem"),
                        "startle.mail.trust-certificates=/nonexistent/ca.pem cannot be read"),
                Arguments.of(
                        List.of("startle.mail.trust-certificates=/etc/hostname", "spring.mail.ssl.bundle=relay"),
                        "not both"),
                Arguments.of(List.of("startle.mail.pool.max-connections=0"), "maxConnections must be positive"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("misconfigurations")
    void misconfigurationFailsTheStartNamingTheProperty(List<String> properties, String message) {
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(message);
        });
    }

    @Test
    void ignoredJavaMailPropertiesAreReported(CapturedOutput output) {
        runner.withPropertyValues(
                        "spring.mail.properties.mail.smtp.starttls.enable=false",
                        "spring.mail.properties.mail.smtp.ssl.trust=*",
                        "spring.mail.jndi-name=java:comp/env/mail/Session")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output)
                .contains("Startle still requires it")
                .contains("spring.mail.properties.mail.smtp.ssl.trust is ignored")
                .contains("spring.mail.jndi-name is not supported");
    }

    @Test
    void weakeningOnPurposeIsLogged(CapturedOutput output) {
        runner.withPropertyValues(
                        "startle.mail.tls-mode=starttls-opportunistic", "spring.mail.ssl.verify-hostname=false")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output)
                .contains("an active attacker can strip STARTTLS")
                .contains("spring.mail.ssl.verify-hostname=false");
    }

    @Test
    void noCredentialWithoutUsername() {
        runner.run(
                context -> assertThat(context.getBean(MailRelaySettings.class).credential())
                        .isEqualTo(Optional.empty()));
    }

    static String messages(Throwable error) {
        List<String> all = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", all);
    }
}
