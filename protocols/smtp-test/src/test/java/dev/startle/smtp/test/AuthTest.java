package dev.startle.smtp.test;

import static dev.startle.smtp.test.Mails.WAIT;
import static dev.startle.smtp.test.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.core.TlsMode;
import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.SmtpAuthenticationException;
import dev.startle.smtp.SmtpException;
import dev.startle.smtp.client.SmtpClient;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** AUTH users of the embedded server, seen from Startle's client. */
class AuthTest {

    @Test
    void usersAuthenticateAndTheInboxSaysWhoSent() {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.REQUIRED)
                .withUser("alice", "secret")
                .withUser("bob", "pässwörd")
                .start()) {
            for (String[] user : new String[][] {{"alice", "secret"}, {"bob", "pässwörd"}}) {
                SmtpClient client = server.client().credentials(PasswordCredential.of(user[0], user[1]));
                try {
                    client.send(message("from " + user[0])).block(WAIT);
                } finally {
                    client.close().block(WAIT);
                }
            }
            SmtpClient anonymous = server.client();
            try {
                anonymous.send(message("anonymous")).block(WAIT); // AUTH is optional unless required
            } finally {
                anonymous.close().block(WAIT);
            }
            assertThat(server.messages())
                    .extracting(mail -> mail.authenticatedUser().orElse("-"))
                    .containsExactly("alice", "bob", "-");
        }
    }

    @Test
    void aWrongPasswordIsRefusedWith535() {
        try (EmbeddedSmtpServer server =
                EmbeddedSmtpServer.builder().withUser("alice", "secret").start()) {
            SmtpClient client = server.client().credentials(PasswordCredential.of("alice", "guess"));
            try {
                StepVerifier.create(client.send(message("refused")))
                        .expectErrorSatisfies(e -> {
                            assertThat(e).isInstanceOf(SmtpAuthenticationException.class);
                            assertThat(((SmtpException) e).code()).isEqualTo(535);
                        })
                        .verify(WAIT);
            } finally {
                client.close().block(WAIT);
            }
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void requireAuthRefusesMailFromAnonymousClients() {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .withUser("alice", "secret")
                .requireAuth(true)
                .start()) {
            SmtpClient client = server.client();
            try {
                StepVerifier.create(client.send(message("anonymous")))
                        .expectErrorSatisfies(
                                e -> assertThat(((SmtpException) e).code()).isEqualTo(530))
                        .verify(WAIT);
            } finally {
                client.close().block(WAIT);
            }
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void plaintextAuthWorksOnlyWhenAllowed() {
        try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
                .startTls(StartTlsBehaviour.ABSENT)
                .withUser("alice", "secret")
                .allowPlaintextAuth(true)
                .start()) {
            SmtpClient client = server.client()
                    .tlsMode(TlsMode.NONE)
                    .allowPlaintextAuth(true)
                    .credentials(PasswordCredential.of("alice", "secret"));
            try {
                client.send(message("plaintext auth")).block(WAIT);
            } finally {
                client.close().block(WAIT);
            }
            assertThat(server.messages()).singleElement().satisfies(mail -> {
                assertThat(mail.secure()).isFalse();
                assertThat(mail.authenticatedUser()).hasValue("alice");
            });
        }
    }

    @Test
    void requireAuthWithoutUsersIsAConfigurationError() {
        assertThatThrownBy(() -> EmbeddedSmtpServer.builder().requireAuth(true).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withUser");
    }
}
