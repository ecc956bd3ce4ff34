package dev.startle.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class OAuth2CredentialTest {
    @Test
    void toStringShowsTheUserOnly() {
        OAuth2Credential credential = OAuth2Credential.ofToken("bob@example.com", "ya29.SECRET-TOKEN");

        assertThat(credential.toString()).contains("bob@example.com").doesNotContain("SECRET");
    }

    @Test
    void fixedTokenIsEmittedOnEverySubscription() {
        OAuth2Credential credential = OAuth2Credential.ofToken("bob", "tok");

        StepVerifier.create(credential.token())
                .expectNext("tok")
                .expectComplete()
                .verify(Steps.TIMEOUT);
        StepVerifier.create(credential.token())
                .expectNext("tok")
                .expectComplete()
                .verify(Steps.TIMEOUT);
    }

    @Test
    void rejectsEmptyParts() {
        assertThatThrownBy(() -> OAuth2Credential.ofToken("", "t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2Credential.ofToken("u", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuth2Credential.of("u", (Mono<String>) null))
                .isInstanceOf(NullPointerException.class);
    }
}
