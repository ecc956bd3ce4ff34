package dev.startle.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3463 enhanced status codes: {@code class "." subject "." detail}, class 2, 4 or 5, then 1 to 3 digits each. */
class EnhancedStatusCodeTest {

    @ParameterizedTest
    @CsvSource({"2.0.0, 2, 0, 0", "4.7.0, 4, 7, 0", "5.1.1, 5, 1, 1", "5.7.8, 5, 7, 8", "5.999.999, 5, 999, 999"})
    void parsesAndPrintsAValidCode(String text, int statusClass, int subject, int detail) {
        EnhancedStatusCode code = EnhancedStatusCode.parse(text).orElseThrow();

        assertThat(code).isEqualTo(new EnhancedStatusCode(statusClass, subject, detail));
        assertThat(code).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "5",
                "5.1",
                "5..1",
                "5.1.",
                ".5.1.1",
                "1.1.1",
                "3.0.0",
                "6.0.0",
                "15.1.1",
                "5.1000.1",
                "5.1.1000",
                "5.1.1.1",
                "5.1.1a",
                "x.1.1",
                "5.-1.1",
                "5.1.-1",
                "5.+1.1",
                "5. 1.1",
                "5.\u0661.1"
            })
    void anythingElseIsNotAnEnhancedCode(String text) {
        assertThat(EnhancedStatusCode.parse(text)).as("\"%s\"", text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"3, 0, 0", "5, -1, 0", "5, 0, 1000"})
    void theConstructorRefusesValuesOutOfRange(int statusClass, int subject, int detail) {
        assertThatThrownBy(() -> new EnhancedStatusCode(statusClass, subject, detail))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
