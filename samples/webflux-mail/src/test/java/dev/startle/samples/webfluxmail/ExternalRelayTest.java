package dev.startle.samples.webfluxmail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.spring.boot.MailRelaySettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code spring.mail.host} set: the embedded relay stays off and the starter's own settings are used. The "relay" here
 * is a closed port on loopback, so a send fails with 502.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.mail.host=127.0.0.1", "spring.mail.port=9", "startle.mail.connect-timeout=2s"})
@AutoConfigureWebTestClient(timeout = "30s")
class ExternalRelayTest {
    @Autowired
    WebTestClient web;

    @Autowired
    ApplicationContext context;

    @Test
    void theEmbeddedRelayIsOffAndThePropertiesAreUsed() {
        assertThat(context.getBeansOfType(EmbeddedRelay.class)).isEmpty();
        assertThat(context.getBean(MailRelaySettings.class).address()).isEqualTo("127.0.0.1:9");
        web.get()
                .uri("/inbox")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("embedded relay is off"));
    }

    @Test
    void anUnreachableRelayIs502() {
        web.post()
                .uri("/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("to", List.of("bob@example.net"), "subject", "s", "text", "t"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("The relay is unreachable")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("127.0.0.1:9"));
    }
}
