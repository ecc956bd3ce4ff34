package dev.startle.spring.boot;

import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.client.SmtpSession;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;

/**
 * {@code spring.mail.test-connection=true}: fails the application's start unless the relay can be reached, upgraded,
 * greeted and (with credentials) authenticated, each step within the check timeout (the whole check within three
 * times that). Blocks the starting thread, never an event loop.
 */
final class RelayConnectionCheck implements InitializingBean {
    private final SmtpClient client;
    private final Duration timeout;

    RelayConnectionCheck(SmtpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public void afterPropertiesSet() {
        try {
            // Per-step timeouts end a stalled check with the client's own error, which closes the connection.
            client.connectTimeout(timeout)
                    .replyTimeout(timeout)
                    .session()
                    .flatMap(SmtpSession::quit)
                    .block(timeout.multipliedBy(3));
        } catch (RuntimeException e) {
            throw new IllegalStateException("spring.mail.test-connection: " + client + " failed: " + e.getMessage(), e);
        }
    }
}
