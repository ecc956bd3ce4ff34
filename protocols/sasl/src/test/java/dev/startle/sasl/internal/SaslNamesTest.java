package dev.startle.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaslNamesTest {
    @Test
    void escapesCommaAndEquals() {
        assertThat(SaslNames.escape("user")).isEqualTo("user");
        assertThat(SaslNames.escape("a,b=c")).isEqualTo("a=2Cb=3Dc");
        assertThat(SaslNames.escape("==,,")).isEqualTo("=3D=3D=2C=2C");
        assertThat(SaslNames.escape("j\u00fcrgen")).isEqualTo("j\u00fcrgen");
    }

    @Test
    void gs2Header() {
        assertThat(SaslNames.gs2Header("n", null)).isEqualTo("n,,");
        assertThat(SaslNames.gs2Header("y", null)).isEqualTo("y,,");
        assertThat(SaslNames.gs2Header("p=tls-exporter", "admin,x")).isEqualTo("p=tls-exporter,a=admin=2Cx,");
    }
}
