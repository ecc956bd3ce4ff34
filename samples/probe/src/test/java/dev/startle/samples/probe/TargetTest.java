package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "smtp://mail.example.org, SMTP, mail.example.org, 25",
        "submission://mail.example.org, SUBMISSION, mail.example.org, 587",
        "smtps://mail.example.org, SMTPS, mail.example.org, 465",
        "imap://h, IMAP, h, 143",
        "imaps://h, IMAPS, h, 993",
        "pop3://h, POP3, h, 110",
        "pop3s://h, POP3S, h, 995",
        "xmpp://h, XMPP, h, 5222",
        "xmpps://h, XMPPS, h, 5223",
        "nntp://h, NNTP, h, 119",
        "nntps://h, NNTPS, h, 563",
        "ftp://h, FTP, h, 21",
        "ftps://h, FTPS, h, 990",
        "ldap://h, LDAP, h, 389",
        "ldaps://h, LDAPS, h, 636",
        "SMTP://Mail.Example.ORG:2525/, SMTP, mail.example.org, 2525",
        "smtp://127.0.0.1:10025, SMTP, 127.0.0.1, 10025",
        "imap://[::1], IMAP, ::1, 143",
        "imap://[2001:db8::1]:1143, IMAP, 2001:db8::1, 1143",
        "smtp://h:65535, SMTP, h, 65535",
    })
    void parsesSchemeHostAndPort(String url, Scheme scheme, String host, int port) {
        assertThat(Target.parse(url)).isEqualTo(new Target(scheme, host, port));
    }

    @Test
    void defaultPortsAndTlsStyle() {
        assertThat(Scheme.SMTP.implicitTls()).isFalse();
        assertThat(Scheme.SMTPS.implicitTls()).isTrue();
        assertThat(Scheme.LDAP.implicitTls()).isFalse();
        assertThat(Scheme.LDAPS.implicitTls()).isTrue();
        assertThat(Scheme.list()).contains("xmpp (5222)", "imaps (993, implicit TLS)");
    }

    @Test
    void printsNormalisedUrls() {
        assertThat(Target.parse("imap://[::1]").toString()).isEqualTo("imap://[::1]:143");
        assertThat(Target.parse("SMTP://Localhost").toString()).isEqualTo("smtp://localhost:25");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "mail.example.org",
                "://mail.example.org",
                "gopher://mail.example.org",
                "smtp://",
                "smtp://:25",
                "smtp://h:0",
                "smtp://h:65536",
                "smtp://h:99999999999",
                "smtp://h:-1",
                "smtp://h:2x",
                "smtp://h:",
                "smtp://::1",
                "smtp://[::1",
                "smtp://[::1]x",
                "smtp://[localhost]",
                "smtp://user@h",
                "smtp://h/path",
                "smtp://h?x=1",
                "smtp://h#f",
                "smtp://h ost",
                "smtp://h\r\nQUIT",
            })
    void refusesWhatItCannotHonour(String url) {
        assertThatThrownBy(() -> Target.parse(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownSchemeListsTheKnownOnes() {
        assertThatThrownBy(() -> Target.parse("gopher://h"))
                .hasMessageContaining("unknown scheme 'gopher'")
                .hasMessageContaining("submission (587)");
    }
}
