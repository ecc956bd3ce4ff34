package dev.startle.spring.boot;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** The starter is on when {@code spring.mail.host} is set (as Boot's mail sender) or the application defined the settings. */
final class OnMailRelayCondition extends AnyNestedCondition {

    OnMailRelayCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "spring.mail", name = "host")
    static final class HostProperty {}

    @ConditionalOnBean(MailRelaySettings.class)
    static final class SettingsBean {}
}
