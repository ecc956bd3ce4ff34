package dev.startle.spring.boot;

import dev.startle.smtp.client.SmtpClient;

/**
 * Changes the auto-configured {@link SmtpClient} before it becomes a bean, for what no property covers (event loops,
 * a custom wiretap, an OAuth credential). {@code SmtpClient} is immutable, so a customizer returns the changed copy.
 * Customizers run in {@link org.springframework.core.Ordered} order, after the settings and metrics were applied.
 *
 * <pre>{@code
 * @Bean
 * SmtpClientCustomizer oauth(TokenService tokens) {
 *     return client -> client.credentials(OAuth2Credential.of("app@example.org", tokens::accessToken));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SmtpClientCustomizer {

    /**
     * Customizes the client.
     *
     * @param client the client configured so far
     * @return the client to use (usually a changed copy of {@code client})
     */
    SmtpClient customize(SmtpClient client);
}
