package dev.startle.sasl.internal;

import static dev.startle.sasl.Steps.emitted;
import static dev.startle.sasl.Steps.emittedText;
import static dev.startle.sasl.Steps.fails;
import static dev.startle.sasl.Steps.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.sasl.OAuth2Credential;
import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;
import dev.startle.sasl.SaslProtocolException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class BearerTokenMechanismsTest {
    private static final byte[] ERROR_JSON = utf8("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"mail\"}");
    private final OAuth2Credential credential = OAuth2Credential.ofToken("user@example.com", "ya29.token");

    @Test
    void xoauth2ExactBytes() {
        SaslExchange exchange = SaslMechanism.xoauth2().newExchange(credential);

        assertThat(exchange.isClientFirst()).isTrue();
        assertThat(emittedText(exchange.initialResponse()))
                .isEqualTo("user=user@example.com\u0001auth=Bearer ya29.token\u0001\u0001");
    }

    @Test
    void oauthBearerExactBytes() {
        SaslExchange exchange = SaslMechanism.oauthBearer().newExchange(credential);

        assertThat(emittedText(exchange.initialResponse()))
                .isEqualTo("n,a=user@example.com,\u0001auth=Bearer ya29.token\u0001\u0001");
    }

    @Test
    void oauthBearerEscapesTheAuthorizationId() {
        SaslExchange exchange = SaslMechanism.oauthBearer().newExchange(OAuth2Credential.ofToken("a,b=c", "t"));

        assertThat(emittedText(exchange.initialResponse())).startsWith("n,a=a=2Cb=3Dc,\u0001");
    }

    @Test
    void xoauth2AnswersTheErrorChallengeWithAnEmptyResponse() {
        SaslExchange exchange = SaslMechanism.xoauth2().newExchange(credential);
        emitted(exchange.initialResponse());

        assertThat(emitted(exchange.respond(ERROR_JSON))).isEmpty();
        fails(exchange.respond(ERROR_JSON), SaslProtocolException.class);
    }

    @Test
    void oauthBearerAnswersTheErrorChallengeWithControlA() {
        SaslExchange exchange = SaslMechanism.oauthBearer().newExchange(credential);
        emitted(exchange.initialResponse());

        assertThat(emitted(exchange.respond(ERROR_JSON))).containsExactly(0x01);
        fails(exchange.respond(ERROR_JSON), SaslProtocolException.class);
    }

    @Test
    void theTokenSourceIsSubscribedOncePerAuthentication() {
        AtomicInteger subscriptions = new AtomicInteger();
        OAuth2Credential refreshing =
                OAuth2Credential.of("user", Mono.fromCallable(() -> "token-" + subscriptions.incrementAndGet()));

        SaslExchange first = SaslMechanism.xoauth2().newExchange(refreshing);
        SaslExchange second = SaslMechanism.oauthBearer().newExchange(refreshing);
        assertThat(subscriptions).hasValue(0);

        assertThat(emittedText(first.initialResponse())).contains("Bearer token-1\u0001");
        assertThat(emittedText(second.initialResponse())).contains("Bearer token-2\u0001");
        assertThat(subscriptions).hasValue(2);
    }

    @Test
    void anEmptyTokenSourceFails() {
        SaslExchange exchange = SaslMechanism.xoauth2().newExchange(OAuth2Credential.of("user", Mono.empty()));

        fails(
                exchange.initialResponse(),
                SaslException.class,
                e -> assertThat(e.getMessage()).contains("no token"));
    }

    @Test
    void aTokenSourceErrorIsPassedOnUnchanged() {
        IllegalStateException refreshFailed = new IllegalStateException("refresh failed");
        SaslExchange exchange =
                SaslMechanism.oauthBearer().newExchange(OAuth2Credential.of("user", Mono.error(refreshFailed)));

        fails(
                exchange.initialResponse(),
                IllegalStateException.class,
                e -> assertThat(e).isSameAs(refreshFailed));
    }

    @Test
    void aTokenThatCouldBreakTheFramingIsRejectedWithoutEchoingIt() {
        SaslExchange exchange =
                SaslMechanism.xoauth2().newExchange(OAuth2Credential.ofToken("user", "secret\u0001user=admin"));

        fails(
                exchange.initialResponse(),
                SaslException.class,
                e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void aUserWithControlCharactersIsRejected() {
        SaslExchange exchange = SaslMechanism.xoauth2().newExchange(OAuth2Credential.ofToken("user\u0001auth=x", "t"));

        fails(exchange.initialResponse(), SaslException.class);
    }
}
