package dev.startle.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** EHLO replies (RFC 5321 section 4.1.1.1) parsed into keywords and typed extensions. */
class SmtpExtensionsTest {

    /** An EHLO reply from {@code name} offering {@code keywords}, one per line. */
    private static SmtpExtensions ehlo(String name, String... keywords) {
        List<String> lines = new ArrayList<>();
        lines.add(name);
        lines.addAll(List.of(keywords));
        return SmtpExtensions.parse(new SmtpReply(250, Optional.empty(), lines));
    }

    @Test
    void aTypicalSubmissionServer() {
        SmtpExtensions ext = ehlo(
                "mail.example.org Hello client.example [192.0.2.1]",
                "PIPELINING",
                "SIZE 35882577",
                "8BITMIME",
                "SMTPUTF8",
                "CHUNKING",
                "DSN",
                "ENHANCEDSTATUSCODES",
                "STARTTLS",
                "AUTH PLAIN LOGIN");

        assertThat(ext.serverName()).isEqualTo("mail.example.org");
        assertThat(ext.pipelining()).isTrue();
        assertThat(ext.maxSize()).hasValue(35_882_577);
        assertThat(ext.eightBitMime()).isTrue();
        assertThat(ext.smtpUtf8()).isTrue();
        assertThat(ext.chunking()).isTrue();
        assertThat(ext.dsn()).isTrue();
        assertThat(ext.enhancedStatusCodes()).isTrue();
        assertThat(ext.startTls()).isTrue();
        assertThat(ext.authMechanisms()).containsExactly("PLAIN", "LOGIN");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        SmtpExtensions ext = ehlo("mx.example", "pipelining", "StartTls", "size 1000", "auth plain cram-md5");

        assertThat(ext.keywords()).containsExactlyInAnyOrder("PIPELINING", "STARTTLS", "SIZE", "AUTH");
        assertThat(ext.pipelining()).isTrue();
        assertThat(ext.startTls()).isTrue();
        assertThat(ext.has("Pipelining")).isTrue();
        assertThat(ext.has("pipelining")).isTrue();
        assertThat(ext.maxSize()).hasValue(1000);
        assertThat(ext.authMechanisms()).containsExactly("PLAIN", "CRAM-MD5");
    }

    @Test
    void sizeWithoutANumberMeansOfferedWithoutAFixedLimit() {
        assertThat(ehlo("mx.example", "SIZE").maxSize()).hasValue(0);
        assertThat(ehlo("mx.example", "SIZE unlimited").maxSize()).hasValue(0);
        assertThat(ehlo("mx.example", "PIPELINING").maxSize()).isEmpty();
    }

    @Test
    void theLegacyAuthEqualsFormIsMergedWithTheStandardOne() {
        SmtpExtensions ext = ehlo("mx.example", "AUTH PLAIN LOGIN", "AUTH=LOGIN CRAM-MD5");

        assertThat(ext.authMechanisms()).containsExactly("PLAIN", "LOGIN", "CRAM-MD5");
        assertThat(ext.keywords()).containsExactly("AUTH");
    }

    @Test
    void theLegacyAuthEqualsFormAloneIsUnderstood() {
        assertThat(ehlo("mx.example", "AUTH=LOGIN PLAIN").authMechanisms()).containsExactly("LOGIN", "PLAIN");
    }

    @Test
    void unknownKeywordsAreKeptWithTheirParameters() {
        SmtpExtensions ext = ehlo("mx.example", "XCLIENT NAME ADDR PROTO", "X-EXPS GSSAPI NTLM", "VRFY");

        assertThat(ext.has("XCLIENT")).isTrue();
        assertThat(ext.parameters("xclient")).containsExactly("NAME", "ADDR", "PROTO");
        assertThat(ext.parameter("X-EXPS")).contains("GSSAPI");
        assertThat(ext.parameters("VRFY")).isEmpty();
        assertThat(ext.parameter("VRFY")).isEmpty();
        assertThat(ext.keywords()).contains("XCLIENT", "X-EXPS", "VRFY");
    }

    @Test
    void aGreetingLineAloneOffersNothing() {
        SmtpExtensions ext = ehlo("mx.example");

        assertThat(ext.serverName()).isEqualTo("mx.example");
        assertThat(ext.keywords()).isEmpty();
        assertThat(ext.authMechanisms()).isEmpty();
        assertThat(ext.startTls()).isFalse();
    }

    @Test
    void blankKeywordLinesAreIgnored() {
        SmtpExtensions ext = ehlo("mx.example", "", "   ", "PIPELINING");

        assertThat(ext.keywords()).containsExactly("PIPELINING");
    }

    @Test
    void noneOffersNothing() {
        assertThat(SmtpExtensions.NONE.keywords()).isEmpty();
        assertThat(SmtpExtensions.NONE.maxSize()).isEmpty();
        assertThat(SmtpExtensions.NONE.pipelining()).isFalse();
        assertThat(SmtpExtensions.NONE.serverName()).isEmpty();
    }
}
