package dev.startle.sasl.internal;

import static dev.startle.sasl.Steps.TIMEOUT;
import static dev.startle.sasl.Steps.emittedText;
import static dev.startle.sasl.Steps.fails;
import static dev.startle.sasl.Steps.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;
import dev.startle.sasl.SaslProtocolException;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class LoginMechanismTest {
    private final SaslMechanism login = SaslMechanism.login();

    @Test
    void isServerFirstWithoutInitialResponse() {
        SaslExchange exchange = login.newExchange(PasswordCredential.of("user", "pass"));

        assertThat(exchange.isClientFirst()).isFalse();
        StepVerifier.create(exchange.initialResponse()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void answersUserThenPassword() {
        SaslExchange exchange = login.newExchange(PasswordCredential.of("user", "pass"));

        assertThat(emittedText(exchange.respond(utf8("Username:")))).isEqualTo("user");
        assertThat(emittedText(exchange.respond(utf8("Password:")))).isEqualTo("pass");
    }

    @Test
    void answersInOrderWhateverTheChallengeText() {
        SaslExchange exchange = login.newExchange(PasswordCredential.of("user", "pass"));

        assertThat(emittedText(exchange.respond(utf8("Password:")))).isEqualTo("user");
        assertThat(emittedText(exchange.respond(new byte[0]))).isEqualTo("pass");
    }

    @Test
    void aThirdChallengeIsAProtocolError() {
        SaslExchange exchange = login.newExchange(PasswordCredential.of("user", "hunter2"));
        emittedText(exchange.respond(utf8("Username:")));
        emittedText(exchange.respond(utf8("Password:")));

        fails(
                exchange.respond(utf8("Again:")),
                SaslProtocolException.class,
                e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void cannotCarryAnAuthorizationId() {
        assertThat(login.supports(PasswordCredential.of("user", "pass"))).isTrue();
        assertThat(login.supports(PasswordCredential.of("user", "pass").withAuthorizationId("admin")))
                .isFalse();
    }
}
