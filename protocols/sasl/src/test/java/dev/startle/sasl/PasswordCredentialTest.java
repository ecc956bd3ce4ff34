package dev.startle.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PasswordCredentialTest {
    @Test
    void toStringNeverShowsThePassword() {
        PasswordCredential fromString = PasswordCredential.of("alice", "s3cret-Pa55");
        PasswordCredential fromChars = PasswordCredential.of("alice", "s3cret-Pa55".toCharArray());
        PasswordCredential withAuthz = fromString.withAuthorizationId("shared");

        assertThat(fromString.toString())
                .contains("alice")
                .doesNotContain("s3cret")
                .contains("redacted");
        assertThat(fromChars.toString()).contains("alice").doesNotContain("s3cret");
        assertThat(withAuthz.toString()).contains("shared").doesNotContain("s3cret");
    }

    @Test
    void passwordIsCopiedInAndOut() {
        char[] original = "pencil".toCharArray();
        PasswordCredential credential = PasswordCredential.of("user", original);
        Arrays.fill(original, 'x');

        char[] out = credential.password();
        assertThat(out).containsExactly("pencil".toCharArray());
        Arrays.fill(out, 'y');
        assertThat(credential.password()).containsExactly("pencil".toCharArray());
    }

    @Test
    void authorizationIdIsOptionalAndCopyOnWrite() {
        PasswordCredential base = PasswordCredential.of("user", "pencil");
        PasswordCredential acting = base.withAuthorizationId("admin");

        assertThat(base.authorizationId()).isEmpty();
        assertThat(acting.authorizationId()).contains("admin");
        assertThat(acting.username()).isEqualTo("user");
        assertThat(acting.password()).containsExactly("pencil".toCharArray());
    }

    @Test
    void rejectsEmptyParts() {
        assertThatThrownBy(() -> PasswordCredential.of("", "p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordCredential.of("u", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordCredential.of("u", "p").withAuthorizationId(""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
