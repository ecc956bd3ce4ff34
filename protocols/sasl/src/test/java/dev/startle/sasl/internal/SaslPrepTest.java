package dev.startle.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.startle.sasl.SaslException;
import org.junit.jupiter.api.Test;

class SaslPrepTest {
    private static String stored(String value) {
        return SaslPrep.prepareStored(value, "password");
    }

    @Test
    void rfc4013Examples() {
        assertThat(stored("I\u00ADX")).isEqualTo("IX"); // soft hyphen mapped to nothing
        assertThat(stored("user")).isEqualTo("user");
        assertThat(stored("USER")).isEqualTo("USER"); // case preserved
        assertThat(stored("\u00AA")).isEqualTo("a"); // NFKC
        assertThat(stored("\u2168")).isEqualTo("IX"); // NFKC
        assertThatThrownBy(() -> stored("\u0007")).isInstanceOf(SaslException.class); // prohibited
        assertThatThrownBy(() -> stored("\u0627\u0031")).isInstanceOf(SaslException.class); // bidi check
    }

    @Test
    void mapsNonAsciiSpacesToSpaceAndRemovesInvisibles() {
        assertThat(stored("a\u00A0b\u3000c\u1680d")).isEqualTo("a b c d");
        assertThat(stored("a\u200Bb\uFEFFc\uFE0Fd\u034Fe")).isEqualTo("abcde");
    }

    @Test
    void rejectsProhibitedOutput() {
        for (String bad : new String[] {
            "a\u0000b",
            "a\u007Fb",
            "a\u0085b",
            "a\uE000b",
            "a\uFFFEb",
            "a\u200Eb",
            "a\u2FF0b",
            "a\uFFFDb",
            "a\uD800b",
            new String(Character.toChars(0xE0001)),
            new String(Character.toChars(0xF0000))
        }) {
            assertThatThrownBy(() -> stored(bad))
                    .as("%04x", (int) bad.charAt(1))
                    .isInstanceOf(SaslException.class);
        }
    }

    @Test
    void unassignedCodePointsAreRejectedForPasswordsButAllowedForUserNames() {
        String unassigned = "a\u0378b";

        assertThatThrownBy(() -> stored(unassigned)).isInstanceOf(SaslException.class);
        assertThat(SaslPrep.prepareQuery(unassigned, "user name")).isEqualTo(unassigned);
    }

    @Test
    void rightToLeftStringsMustStartAndEndRightToLeftAndContainNoLeftToRight() {
        assertThat(stored("\u0627\u0031\u0628")).isEqualTo("\u0627\u0031\u0628");
        assertThatThrownBy(() -> stored("\u0627a\u0628")).isInstanceOf(SaslException.class);
    }

    @Test
    void errorsNameThePositionNotTheValue() {
        assertThatThrownBy(() -> stored("hunter2\u0007"))
                .isInstanceOf(SaslException.class)
                .hasMessageContaining("position 7")
                .hasMessageNotContaining("hunter2");
    }
}
