package dev.startle.spring.boot;

import dev.startle.core.StartleMetrics;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.spring.mail.MailSendListener;
import dev.startle.spring.mail.ReactiveMailSender;
import dev.startle.spring.mail.StartleReactiveMailSender;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configures a {@link ReactiveMailSender} on a pooled Startle {@link SmtpClient} from {@code spring.mail.*} and
 * {@code startle.mail.*}. On when {@code spring.mail.host} is set or the application defines a {@link
 * MailRelaySettings} bean. Each bean backs off when the application defines its own:
 *
 * <ul>
 *   <li>{@link MailRelaySettings}: what the properties resolved to (or the application's own settings);
 *   <li>{@link SmtpClient}: made from the settings, with Startle metrics when a {@link StartleMetrics} bean exists
 *       and every {@link SmtpClientCustomizer}; closed (QUIT on pooled connections) when the context closes;
 *   <li>{@link ReactiveMailSender}: a {@link StartleReactiveMailSender} reporting to every {@link MailSendListener}.
 * </ul>
 *
 * Boot's own {@code MailSenderAutoConfiguration} (module {@code spring-boot-mail}, not a dependency of this starter)
 * reacts to the same {@code spring.mail.host}; when both are present the application gets a blocking {@code
 * JavaMailSender} and this reactive sender side by side, configured from the same properties.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(SmtpClient.class)
@Conditional(OnMailRelayCondition.class)
@EnableConfigurationProperties({SpringMailProperties.class, StartleMailProperties.class})
public class StartleMailAutoConfiguration {

    /** What {@code spring.mail.*} and {@code startle.mail.*} resolve to. */
    @Bean
    @ConditionalOnMissingBean
    MailRelaySettings startleMailRelaySettings(
            SpringMailProperties mail,
            StartleMailProperties startle,
            ObjectProvider<SslBundles> sslBundles,
            ResourceLoader resourceLoader) {
        return new MailPropertiesMapping(
                        mail,
                        startle,
                        sslBundles.getIfAvailable(),
                        ApplicationResourceLoader.get(resourceLoader.getClassLoader()))
                .settings();
    }

    /** The client; {@code close()} returns a {@code Mono}, which Spring awaits when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SmtpClient startleSmtpClient(
            MailRelaySettings settings,
            ObjectProvider<StartleMetrics> metrics,
            ObjectProvider<SmtpClientCustomizer> customizers) {
        SmtpClient client = settings.createClient();
        StartleMetrics m = metrics.getIfUnique();
        if (m != null) {
            client = client.metrics(m);
        }
        for (SmtpClientCustomizer customizer : customizers.orderedStream().toList()) {
            client = customizer.customize(client);
        }
        return client;
    }

    /** The sender. */
    @Bean
    @ConditionalOnMissingBean(ReactiveMailSender.class)
    StartleReactiveMailSender startleReactiveMailSender(SmtpClient client, ObjectProvider<MailSendListener> listeners) {
        return new StartleReactiveMailSender(client, listeners.orderedStream().toList());
    }

    /** {@code spring.mail.test-connection=true}: the relay is checked before the application starts. */
    @Bean
    @ConditionalOnBooleanProperty("spring.mail.test-connection")
    RelayConnectionCheck startleMailConnectionCheck(SmtpClient client, StartleMailProperties startle) {
        return new RelayConnectionCheck(client, startle.getCheckTimeout());
    }
}
