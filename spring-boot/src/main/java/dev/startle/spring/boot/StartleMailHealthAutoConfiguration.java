package dev.startle.spring.boot;

import dev.startle.smtp.client.SmtpClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link StartleMailHealthIndicator} (contributor {@code startleMail}) when Boot's {@code spring-boot-health}
 * module is present (it comes with {@code spring-boot-starter-actuator}) and an {@link SmtpClient} bean exists. Turn it
 * off with {@code management.health.startle-mail.enabled=false}.
 */
@AutoConfiguration(after = StartleMailAutoConfiguration.class)
@ConditionalOnClass({ReactiveHealthIndicator.class, SmtpClient.class})
@ConditionalOnBean(SmtpClient.class)
@ConditionalOnEnabledHealthIndicator("startle-mail")
@EnableConfigurationProperties(StartleMailProperties.class)
public class StartleMailHealthAutoConfiguration {

    /** Checks the relay the {@link SmtpClient} bean sends to. */
    @Bean
    @ConditionalOnMissingBean(name = "startleMailHealthIndicator")
    StartleMailHealthIndicator startleMailHealthIndicator(SmtpClient client, StartleMailProperties properties) {
        return new StartleMailHealthIndicator(client, properties.getCheckTimeout());
    }
}
