package dev.startle.sasl.internal;

import static dev.startle.sasl.Steps.emitted;
import static dev.startle.sasl.Steps.fails;
import static dev.startle.sasl.Steps.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;
import dev.startle.sasl.SaslProtocolException;
import org.junit.jupiter.api.Test;

class PlainMechanismTest {
    private final SaslMechanism plain = SaslMechanism.plain();

    @Test
    void initialResponseIsNulUserNulPassword() {
        SaslExchange exchange = plain.newExchange(PasswordCredential.of("user", "pass"));

        assertThat(exchange.mechanism()).isEqualTo("PLAIN");
        assertThat(exchange.isClientFirst()).isTrue();
        assertThat(emitted(exchange.initialResponse())).containsExactly(utf8("\0user\0pass"));
    }

    @Test
    void authorizationIdComesFirst() {
        SaslExchange exchange =
                plain.newExchange(PasswordCredential.of("user", "pass").withAuthorizationId("admin"));

        assertThat(emitted(exchange.initialResponse())).containsExactly(utf8("admin\0user\0pass"));
    }

    @Test
    void nonAsciiIsUtf8() {
        SaslExchange exchange = plain.newExchange(PasswordCredential.of("j\u00fcrgen", "p\u00e4ss"));

        assertThat(emitted(exchange.initialResponse())).containsExactly(utf8("\0j\u00fcrgen\0p\u00e4ss"));
    }

    @Test
    void withoutInitialResponseTheFirstEmptyChallengeGetsTheCredentials() {
        SaslExchange exchange = plain.newExchange(PasswordCredential.of("user", "pass"));

        assertThat(emitted(exchange.respond(new byte[0]))).containsExactly(utf8("\0user\0pass"));
        fails(exchange.initialResponse(), SaslException.class);
    }

    @Test
    void aChallengeAfterTheCredentialsIsAProtocolError() {
        SaslExchange exchange = plain.newExchange(PasswordCredential.of("user", "pass"));
        emitted(exchange.initialResponse());

        fails(exchange.respond(utf8("more?")), SaslProtocolException.class);
    }

    @Test
    void nulInAFieldIsRejectedWithoutEchoingIt() {
        SaslExchange exchange = plain.newExchange(PasswordCredential.of("user", "se\0cret"));

        fails(
                exchange.initialResponse(),
                SaslException.class,
                e -> assertThat(e.getMessage()).contains("NUL").doesNotContain("cret"));
    }

    @Test
    void verifyServerFinalAcceptsAnything() {
        SaslExchange exchange = plain.newExchange(PasswordCredential.of("user", "pass"));
        emitted(exchange.initialResponse());

        exchange.verifyServerFinal(new byte[0]);
        exchange.verifyServerFinal(utf8("whatever"));
    }
}
