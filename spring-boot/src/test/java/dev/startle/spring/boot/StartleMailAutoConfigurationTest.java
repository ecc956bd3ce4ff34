package dev.startle.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.StartleMetrics;
import dev.startle.core.TlsMode;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.spring.mail.MailSendListener;
import dev.startle.spring.mail.ReactiveMailSender;
import dev.startle.spring.mail.StartleReactiveMailSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Which beans exist when, and how an application replaces them. */
class StartleMailAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    StartleMailAutoConfiguration.class,
                    StartleMailHealthAutoConfiguration.class,
                    StartleMailMetricsAutoConfiguration.class));

    @Test
    void offWithoutSpringMailHost() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(MailRelaySettings.class)
                .doesNotHaveBean(SmtpClient.class)
                .doesNotHaveBean(ReactiveMailSender.class)
                .doesNotHaveBean(ReactiveHealthIndicator.class)
                .doesNotHaveBean(SpringMailProperties.class));
    }

    @Test
    void onWithSpringMailHost() {
        runner.withPropertyValues("spring.mail.host=smtp.example.org").run(context -> {
            assertThat(context)
                    .hasSingleBean(MailRelaySettings.class)
                    .hasSingleBean(SmtpClient.class)
                    .hasSingleBean(StartleMailHealthIndicator.class)
                    .hasBean("startleMailHealthIndicator");
            assertThat(context.getBean(ReactiveMailSender.class))
                    .isInstanceOfSatisfying(
                            StartleReactiveMailSender.class,
                            sender -> assertThat(sender.client()).isSameAs(context.getBean(SmtpClient.class)));
            assertThat(context).doesNotHaveBean(StartleMetrics.class); // no MeterRegistry bean
        });
    }

    @Test
    void anApplicationsSettingsTurnTheStarterOnWithoutProperties() {
        runner.withBean(
                        MailRelaySettings.class,
                        () -> MailRelaySettings.of("relay.internal", 2525).withTlsMode(TlsMode.IMPLICIT))
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactiveMailSender.class);
                    SmtpClient client = context.getBean(SmtpClient.class);
                    assertThat(client.tlsMode()).isEqualTo(TlsMode.IMPLICIT);
                    assertThat(client.toString()).contains("relay.internal:2525");
                });
    }

    @Test
    void anApplicationsSettingsWinOverProperties() {
        runner.withPropertyValues("spring.mail.host=smtp.example.org", "spring.mail.port=587")
                .withBean(MailRelaySettings.class, () -> MailRelaySettings.of("relay.internal", 2525))
                .run(context ->
                        assertThat(context.getBean(SmtpClient.class).toString()).contains("relay.internal:2525"));
    }

    @Test
    void anApplicationsClientIsWrappedAndChecked() {
        SmtpClient own = SmtpClient.create().host("own.example.org").port(25);
        runner.withPropertyValues("spring.mail.host=smtp.example.org")
                .withBean("ownClient", SmtpClient.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(SmtpClient.class);
                    assertThat(((StartleReactiveMailSender) context.getBean(ReactiveMailSender.class)).client())
                            .isSameAs(own);
                    assertThat(context.getBean(StartleMailHealthIndicator.class).toString())
                            .isEqualTo("StartleMailHealthIndicator[own.example.org:25]");
                });
    }

    @Test
    void anApplicationsClientAloneGetsAHealthIndicatorButNoSender() {
        runner.withBean(SmtpClient.class, () -> SmtpClient.create().host("own.example.org"))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ReactiveMailSender.class);
                    assertThat(context.getBean(StartleMailHealthIndicator.class).toString())
                            .contains("own.example.org:587");
                });
    }

    @Test
    void anApplicationsSenderWins() {
        ReactiveMailSender own = message -> Mono.empty();
        runner.withPropertyValues("spring.mail.host=smtp.example.org")
                .withBean(ReactiveMailSender.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactiveMailSender.class);
                    assertThat(context.getBean(ReactiveMailSender.class)).isSameAs(own);
                    assertThat(context).hasSingleBean(SmtpClient.class);
                });
    }

    @Test
    void customizersRunInOrder() {
        runner.withPropertyValues("spring.mail.host=smtp.example.org")
                .withBean("second", SmtpClientCustomizer.class, () -> new OrderedCustomizer(2, "second.example.org"))
                .withBean("first", SmtpClientCustomizer.class, () -> new OrderedCustomizer(1, "first.example.org"))
                .run(context ->
                        assertThat(context.getBean(SmtpClient.class).toString()).contains("second.example.org"));
    }

    @Test
    void healthIndicatorCanBeTurnedOff() {
        runner.withPropertyValues("spring.mail.host=smtp.example.org", "management.health.startle-mail.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(SmtpClient.class)
                        .doesNotHaveBean(StartleMailHealthIndicator.class));
    }

    @Test
    void noHealthIndicatorWithoutTheHealthModule() {
        runner.withPropertyValues("spring.mail.host=smtp.example.org")
                .withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(ReactiveMailSender.class)
                        .doesNotHaveBean(StartleMailHealthIndicator.class));
    }

    @Test
    void healthContributorIsNamedStartleMail() {
        runner.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class))
                .withPropertyValues("spring.mail.host=smtp.example.org")
                .run(context -> assertThat(context.getBean(ReactiveHealthContributorRegistry.class)
                                .getContributor("startleMail"))
                        .isInstanceOf(StartleMailHealthIndicator.class));
    }

    @Test
    void metricsWithAMeterRegistry() {
        runner.withPropertyValues("spring.mail.host=smtp.example.org")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(StartleMetrics.class).hasBean("startleMailSendMetrics");
                    assertThat(context.getBean(MeterRegistry.class)
                                    .find("startle.connections.opened")
                                    .counters())
                            .isNotEmpty();
                });
    }

    @Test
    void noMetricsWithoutMicrometer() {
        runner.withPropertyValues("spring.mail.host=smtp.example.org")
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(ReactiveMailSender.class)
                        .doesNotHaveBean(StartleMetrics.class)
                        .doesNotHaveBean(MailSendListener.class));
    }

    @Test
    void bootsJavaMailSenderAndTheReactiveSenderCoexist() {
        runner.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withPropertyValues("spring.mail.host=smtp.example.org", "spring.mail.port=2525")
                .run(context -> {
                    assertThat(context).hasSingleBean(JavaMailSender.class).hasSingleBean(ReactiveMailSender.class);
                    assertThat(((JavaMailSenderImpl) context.getBean(JavaMailSender.class)).getPort())
                            .isEqualTo(2525);
                    assertThat(context.getBean(MailRelaySettings.class).port()).isEqualTo(2525);
                });
    }

    @Test
    void configurationMetadataDescribesEveryProperty() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in)
                    .as("generated by spring-boot-configuration-processor")
                    .isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, String> descriptions = new HashMap<>();
        metadata.get("properties")
                .forEach(p -> descriptions.put(
                        p.get("name").asString(),
                        p.has("description") ? p.get("description").asString() : ""));
        List<String> expected = List.of(
                "startle.mail.tls-mode",
                "startle.mail.trust-certificates",
                "startle.mail.ehlo-name",
                "startle.mail.connect-timeout",
                "startle.mail.reply-timeout",
                "startle.mail.require-all-recipients",
                "startle.mail.use-chunking",
                "startle.mail.allow-plaintext-auth",
                "startle.mail.wiretap",
                "startle.mail.check-timeout",
                "startle.mail.pool.max-connections",
                "startle.mail.pool.max-idle-time",
                "startle.mail.pool.validate-after-idle",
                "startle.mail.pool.max-pending-acquires",
                "spring.mail.host",
                "spring.mail.port",
                "spring.mail.protocol",
                "spring.mail.properties",
                "spring.mail.ssl.enabled",
                "spring.mail.ssl.bundle",
                "management.health.startle-mail.enabled");
        for (String name : expected) {
            assertThat(descriptions).containsKey(name);
            assertThat(descriptions.get(name)).as(name).isNotBlank();
        }
        assertThat(descriptions.get("startle.mail.tls-mode")).contains("starttls-required");
    }

    private record OrderedCustomizer(int order, String host)
            implements SmtpClientCustomizer, org.springframework.core.Ordered {
        @Override
        public SmtpClient customize(SmtpClient client) {
            return client.host(host);
        }

        @Override
        public int getOrder() {
            return order;
        }
    }
}
