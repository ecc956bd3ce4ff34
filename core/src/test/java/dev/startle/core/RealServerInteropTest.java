package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.testing.Peers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client role against real Postfix and Dovecot, started on 127.0.0.1 by {@code .ci/peers start}. */
class RealServerInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static LineClient client(String portKey, TlsMode mode, TlsProvider provider) {
        return LineClient.create()
                .host("localhost")
                .port(Peers.port(portKey))
                .tlsMode(mode)
                .tls(TlsSettings.defaults().withTrustedCertificates(Peers.ca()).withProvider(provider))
                .readTimeout(WAIT);
    }

    /** Reads one SMTP reply; returns all its lines. */
    private static List<Line> smtpReply(LineConnection c) {
        List<Line> lines = new ArrayList<>();
        Line line;
        do {
            line = c.lines().next().block(WAIT);
            assertThat(line).as("reply line").isNotNull();
            lines.add(line);
        } while (line.length() > 3 && line.byteAt(3) == '-');
        return lines;
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(Line::text).toList();
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void postfixUpgradesWithStartTlsAndOnlyOffersAuthAfterIt(TlsProvider provider) {
        LineConnection c = client("STARTLE_POSTFIX_SUBMISSION_PORT", TlsMode.STARTTLS_REQUIRED, provider)
                .connectNow();
        try {
            assertThat(smtpReply(c).get(0).text()).startsWith("220");
            c.send("EHLO client.startle.test").block(WAIT);
            List<String> before = texts(smtpReply(c));
            assertThat(before).anyMatch(l -> l.contains("STARTTLS")).noneMatch(l -> l.contains("AUTH"));

            c.send("STARTTLS").block(WAIT);
            assertThat(smtpReply(c).get(0).text()).startsWith("220");
            c.upgradeToTls().block(WAIT);

            TlsInfo tls = c.tls().orElseThrow();
            assertThat(tls.protocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(tls.provider()).isEqualTo(provider);
            assertThat(tls.peerCertificates()).isNotEmpty();

            c.send("EHLO client.startle.test").block(WAIT);
            List<Line> after = smtpReply(c);
            assertThat(after).allMatch(Line::isSecure);
            assertThat(texts(after)).anyMatch(l -> l.contains("AUTH")).noneMatch(l -> l.contains("STARTTLS"));
            c.send("QUIT").block(WAIT);
            assertThat(smtpReply(c).get(0).text()).startsWith("221");
        } finally {
            c.close().block(WAIT);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void postfixSpeaksImplicitTlsOnItsSmtpsPort(TlsProvider provider) {
        LineConnection c =
                client("STARTLE_POSTFIX_SMTPS_PORT", TlsMode.IMPLICIT, provider).connectNow();
        try {
            assertThat(c.isSecure()).isTrue();
            Line greeting = smtpReply(c).get(0);
            assertThat(greeting.text()).startsWith("220");
            assertThat(greeting.isSecure()).isTrue();
            c.send("QUIT").block(WAIT);
            assertThat(smtpReply(c).get(0).text()).startsWith("221");
        } finally {
            c.close().block(WAIT);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void dovecotImapUpgradesWithStartTls(TlsProvider provider) {
        LineConnection c = client("STARTLE_DOVECOT_IMAP_PORT", TlsMode.STARTTLS_REQUIRED, provider)
                .connectNow();
        try {
            assertThat(c.lines().next().block(WAIT).text()).startsWith("* OK");
            LineConnection secure = c.send("a1 STARTTLS")
                    .then(taggedReply(c))
                    .filter(l -> l.text().startsWith("a1 OK"))
                    .switchIfEmpty(reactor.core.publisher.Mono.error(new AssertionError("STARTTLS refused")))
                    .then(c.upgradeToTls())
                    .block(WAIT);
            assertThat(secure.isSecure()).isTrue();
            secure.send("a2 CAPABILITY").block(WAIT);
            Line capability = c.lines().next().block(WAIT);
            assertThat(capability.text()).startsWith("* CAPABILITY").doesNotContain("STARTTLS");
            assertThat(capability.isSecure()).isTrue();
            assertThat(c.lines().next().block(WAIT).text()).startsWith("a2 OK");
            c.send("a3 LOGOUT").block(WAIT);
        } finally {
            c.close().block(WAIT);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void dovecotSpeaksImplicitTlsOnImaps(TlsProvider provider) {
        LineConnection c =
                client("STARTLE_DOVECOT_IMAPS_PORT", TlsMode.IMPLICIT, provider).connectNow();
        try {
            Line greeting = c.lines().next().block(WAIT);
            assertThat(greeting.text()).startsWith("* OK");
            assertThat(greeting.isSecure()).isTrue();
            c.send("a1 LOGOUT").block(WAIT);
        } finally {
            c.close().block(WAIT);
        }
    }

    private static reactor.core.publisher.Mono<Line> taggedReply(LineConnection c) {
        // Skip untagged responses until the tagged completion of a1.
        return c.lines().filter(l -> !l.text().startsWith("*")).next();
    }
}
