package dev.startle.spring.boot;

import dev.startle.core.StartleMetrics;
import dev.startle.core.micrometer.MicrometerStartleMetrics;
import dev.startle.smtp.client.SmtpClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Records Startle's connection and TLS meters ({@code startle.connections.*}, {@code startle.tls.*}, see {@link
 * MicrometerStartleMetrics}) and the mail sender's ({@code startle.mail.sends} timer by {@code outcome} and {@code
 * exception}, {@code startle.mail.recipients} counter by {@code result}) on the application's {@link MeterRegistry}.
 * On when Micrometer and a registry bean are present (with {@code spring-boot-starter-actuator}, for instance).
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, MicrometerStartleMetrics.class, SmtpClient.class})
@ConditionalOnBean(MeterRegistry.class)
@Conditional(OnMailRelayCondition.class)
public class StartleMailMetricsAutoConfiguration {

    /** Connection, upgrade and handshake meters for the client. */
    @Bean
    @ConditionalOnMissingBean
    StartleMetrics startleMetrics(MeterRegistry registry) {
        return MicrometerStartleMetrics.create(registry);
    }

    /** Send outcomes and durations. */
    @Bean
    @ConditionalOnMissingBean(name = "startleMailSendMetrics")
    MicrometerMailSendListener startleMailSendMetrics(MeterRegistry registry) {
        return new MicrometerMailSendListener(registry);
    }
}
