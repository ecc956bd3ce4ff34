package dev.startle.samples.webfluxmail;

import dev.startle.core.TlsSettings;
import dev.startle.sasl.PasswordCredential;
import dev.startle.spring.boot.MailRelaySettings;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The embedded relay and the {@link MailRelaySettings} that point the starter at it, as an application would define
 * its own settings. On unless {@code sample.embedded-relay=false} or {@code spring.mail.host} is set.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedRelayConfiguration.EmbeddedRelayWanted.class)
class EmbeddedRelayConfiguration {

    @Bean
    Inbox inbox(SampleProperties properties) {
        return new Inbox(properties.getRelay().getInboxSize());
    }

    @Bean(destroyMethod = "close")
    EmbeddedRelay embeddedRelay(SampleProperties properties, Inbox inbox) {
        return new EmbeddedRelay(properties.getRelay(), inbox);
    }

    /** Trusts only the relay's own CA, authenticates as the demo user. */
    @Bean
    MailRelaySettings mailRelaySettings(EmbeddedRelay relay) {
        return MailRelaySettings.of("localhost", relay.port())
                .withTls(TlsSettings.defaults().withTrustedCertificates(relay.ca()))
                .withCredential(PasswordCredential.of(EmbeddedRelay.USER, relay.password()))
                .withEhloName("webflux-mail.localhost");
    }

    /** {@code sample.embedded-relay} (default true) and no {@code spring.mail.host}. */
    static final class EmbeddedRelayWanted extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            if (!env.getProperty("sample.embedded-relay", Boolean.class, true)) {
                return ConditionOutcome.noMatch("sample.embedded-relay=false");
            }
            String host = env.getProperty("spring.mail.host");
            if (host != null && !host.isBlank()) {
                return ConditionOutcome.noMatch("spring.mail.host=" + host + " names a real relay");
            }
            return ConditionOutcome.match("no spring.mail.host: sending to the embedded relay");
        }
    }
}
