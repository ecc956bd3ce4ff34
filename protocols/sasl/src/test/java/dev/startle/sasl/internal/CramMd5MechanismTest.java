package dev.startle.sasl.internal;

import static dev.startle.sasl.Steps.emittedText;
import static dev.startle.sasl.Steps.fails;
import static dev.startle.sasl.Steps.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;
import dev.startle.sasl.SaslProtocolException;
import org.junit.jupiter.api.Test;

class CramMd5MechanismTest {
    private final SaslMechanism cram = SaslMechanism.cramMd5();

    @Test
    void rfc2195Example() {
        SaslExchange exchange = cram.newExchange(PasswordCredential.of("tim", "tanstaaftanstaaf"));

        assertThat(exchange.isClientFirst()).isFalse();
        assertThat(emittedText(exchange.respond(utf8("<1896.697170952@postoffice.reston.mci.net>"))))
                .isEqualTo("tim b913a602c7eda7a495b4e6e7334d3890");
    }

    @Test
    void aSecondChallengeIsAProtocolError() {
        SaslExchange exchange = cram.newExchange(PasswordCredential.of("tim", "tanstaaftanstaaf"));
        emittedText(exchange.respond(utf8("<1.2@host>")));

        fails(exchange.respond(utf8("<3.4@host>")), SaslProtocolException.class);
    }

    @Test
    void anEmptyChallengeIsAProtocolError() {
        SaslExchange exchange = cram.newExchange(PasswordCredential.of("tim", "tanstaaftanstaaf"));

        fails(exchange.respond(new byte[0]), SaslProtocolException.class);
    }

    @Test
    void hasTheLowestStrength() {
        assertThat(cram.strength()).isLessThan(SaslMechanism.login().strength());
        assertThat(cram.supports(PasswordCredential.of("tim", "x").withAuthorizationId("a")))
                .isFalse();
    }
}
