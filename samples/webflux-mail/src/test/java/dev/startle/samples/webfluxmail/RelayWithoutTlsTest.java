package dev.startle.samples.webfluxmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The embedded relay without STARTTLS: TLS is required, so nothing is sent and the caller gets a clear 502. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sample.relay.tls-mode=none")
@AutoConfigureWebTestClient(timeout = "30s")
class RelayWithoutTlsTest {
    @Autowired
    WebTestClient web;

    @Autowired
    Inbox inbox;

    @Test
    void tlsRequiredButNotOfferedIs502() {
        web.post()
                .uri("/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("to", List.of("bob@example.net"), "subject", "s", "text", "t"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("The relay does not offer TLS")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("does not offer STARTTLS"));
        assertThat(inbox.messages()).isEmpty();
    }

    @Test
    void healthIsDownWithTheReason() {
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody()
                .jsonPath("$.components.startleMail.status")
                .isEqualTo("DOWN")
                .jsonPath("$.components.startleMail.details.error")
                .value(error -> assertThat((String) error).contains("TlsRequiredException"));
    }
}
