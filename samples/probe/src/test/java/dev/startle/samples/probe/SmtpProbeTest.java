package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.TlsSettings;
import dev.startle.core.testing.TestPki;
import dev.startle.smtp.server.SmtpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** The probe against an embedded Startle SMTP server: STARTTLS, implicit TLS, and every way verification can end. */
class SmtpProbeTest {
    private static final TestPki PKI = TestPki.get();
    private final List<DisposableServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.disposeNow(Duration.ofSeconds(10)));
    }

    private int server(TlsMode mode, TlsSettings tls, boolean auth) {
        SmtpServer smtp = SmtpServer.create().tlsMode(mode).tls(tls);
        if (auth) {
            smtp = smtp.auth((authz, user, password) -> Mono.just(false), true);
        }
        DisposableServer s = smtp.bindNow(message -> message.bytes().then());
        servers.add(s);
        return s.port();
    }

    private static String ca() {
        return PKI.caPemFile().toString();
    }

    @ParameterizedTest(name = "provider {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void upgradesAndReportsTlsChainVerificationCapabilitiesAndTimings(TlsProvider provider) {
        int port = server(TlsMode.STARTTLS_REQUIRED, PKI.serverTls(TlsProvider.AUTO), true);
        ProbeRun run = ProbeRun.of(
                "submission://localhost:" + port,
                "--ca",
                ca(),
                "--provider",
                provider.name().toLowerCase());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString()).isEmpty();
        assertThat(run.out())
                .contains("submission://localhost:" + port + " (STARTTLS)")
                .containsPattern("greeting +220 localhost")
                .containsPattern("STARTTLS offered +yes")
                .containsPattern("STARTTLS go-ahead +220")
                .containsPattern("protocol +TLSv1\\.3")
                .containsPattern("provider +" + provider)
                .containsPattern("server name \\(SNI\\) +localhost")
                .contains("OK: chain trusted (CA file " + ca() + ") and valid for localhost")
                .contains("[0] subject  CN=localhost", "issuer   CN=Startle Test CA")
                .contains("SANs     DNS:localhost, IP:127.0.0.1")
                .contains("  - STARTTLS")
                .containsPattern("\\n  \\+ AUTH PLAIN LOGIN")
                .containsPattern("TLS handshake +\\d+ ms")
                .containsPattern("capabilities over TLS +\\d+ ms")
                .endsWith("Result: OK\n");
    }

    @Test
    void jsonIsOneObjectWithTheSameFacts() {
        int port = server(TlsMode.STARTTLS_REQUIRED, PKI.serverTls(TlsProvider.AUTO), true);
        JsonNode json = ProbeRun.json("smtp://localhost:" + port, "--ca", ca());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.get("tlsMode").asText()).isEqualTo("starttls");
        assertThat(json.at("/startTls/offered").asText()).isEqualTo("offered");
        assertThat(json.at("/tls/protocol").asText()).isEqualTo("TLSv1.3");
        assertThat(json.at("/tls/serverName").asText()).isEqualTo("localhost");
        assertThat(json.at("/verification/status").asText()).isEqualTo("passed");
        assertThat(json.at("/certificates/0/subject").asText()).isEqualTo("CN=localhost");
        assertThat(json.at("/certificates/0/subjectAltNames").toString())
                .isEqualTo("[\"DNS:localhost\",\"IP:127.0.0.1\"]");
        assertThat(json.at("/certificates/0/validity").asText()).isEqualTo("valid");
        assertThat(json.at("/capabilities/command").asText()).isEqualTo("EHLO");
        assertThat(json.at("/capabilities/onlyBeforeTls").toString()).isEqualTo("[\"STARTTLS\"]");
        assertThat(json.at("/capabilities/onlyAfterTls").toString()).isEqualTo("[\"AUTH PLAIN LOGIN\"]");
        assertThat(json.at("/timingsMillis/TLS handshake").isNumber()).isTrue();
        assertThat(json.at("/timingsMillis/total").asLong()).isPositive();
    }

    @Test
    void implicitTls() {
        int port = server(TlsMode.IMPLICIT, PKI.serverTls(TlsProvider.AUTO), true);
        JsonNode json = ProbeRun.json("smtps://localhost:" + port, "--ca", ca());
        assertThat(json.get("ok").asBoolean()).as(json.toString()).isTrue();
        assertThat(json.get("startTls").isNull()).isTrue();
        assertThat(json.at("/capabilities/beforeTls").isNull()).isTrue();
        assertThat(json.at("/capabilities/afterTls").toString()).contains("AUTH PLAIN LOGIN");
        assertThat(json.at("/verification/status").asText()).isEqualTo("passed");
    }

    @Test
    void untrustedChainFailsWithExitThreeButStillShowsTheChain() {
        int port = server(TlsMode.STARTTLS_REQUIRED, PKI.serverTls(TlsProvider.AUTO), false);
        ProbeRun run = ProbeRun.of("smtp://localhost:" + port); // the JDK's trust store: the test CA is unknown
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out())
                .contains("FAILED: UNTRUSTED_CERTIFICATE")
                .contains("trust                  the JDK's trust store")
                .contains("[0] subject  CN=localhost")
                .contains("a second connection that skipped verification")
                .contains("Result: FAILED (exit 3)");
        assertThat(run.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("startle-probe: certificate verification failed: UNTRUSTED_CERTIFICATE");
    }

    @Test
    void insecureStillReportsTheFailureButExitsZero() {
        int port = server(TlsMode.STARTTLS_REQUIRED, PKI.serverTls(TlsProvider.AUTO), false);
        JsonNode json = ProbeRun.json("smtp://localhost:" + port, "--insecure");
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.at("/verification/status").asText()).isEqualTo("failed");
        assertThat(json.at("/verification/ignored").asBoolean()).isTrue();
        assertThat(json.at("/certificates/0/subject").asText()).isEqualTo("CN=localhost");
        assertThat(json.at("/capabilities/afterTls")).isNotEmpty();
    }

    @Test
    void hostnameMismatchIsReportedAsSuch() {
        int port = server(TlsMode.STARTTLS_REQUIRED, PKI.wrongHostServerTls(TlsProvider.AUTO), false);
        ProbeRun run = ProbeRun.of("smtp://localhost:" + port, "--ca", ca());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).contains("FAILED: HOSTNAME_MISMATCH").contains("SANs     DNS:mail.example.org");
    }

    @Test
    void serverNameOverridesTheNameCheckedAndSent() {
        int port = server(TlsMode.STARTTLS_REQUIRED, PKI.wrongHostServerTls(TlsProvider.AUTO), false);
        JsonNode json = ProbeRun.json("smtp://127.0.0.1:" + port, "--ca", ca(), "--servername", "mail.example.org");
        assertThat(json.get("ok").asBoolean()).as(json.toString()).isTrue();
        assertThat(json.at("/tls/serverName").asText()).isEqualTo("mail.example.org");
        assertThat(json.at("/verification/detail").asText()).endsWith("valid for mail.example.org");
    }

    @Test
    void startTlsNotOfferedFailsBeforeAnyHandshake() {
        int port = server(TlsMode.NONE, TlsSettings.defaults(), false);
        ProbeRun run = ProbeRun.of("smtp://localhost:" + port, "--ca", ca());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).containsPattern("STARTTLS offered +NO").contains("not reached");
        assertThat(run.err())
                .isEqualTo("startle-probe: capabilities: the server does not offer STARTTLS (not in its EHLO list)\n");
    }

    @Test
    void verboseShowsTheTranscriptOnStderrAndKeepsJsonAloneOnStdout() {
        int port = server(TlsMode.STARTTLS_REQUIRED, PKI.serverTls(TlsProvider.AUTO), true);
        List<String> args = List.of("smtp://localhost:" + port, "--ca", ca(), "--verbose", "--json");
        ProbeRun run = ProbeRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().strip()).startsWith("{").endsWith("}").doesNotContain("\n");
        assertThat(run.err())
                .contains("plain > EHLO [127.0.0.1]")
                .contains("plain > STARTTLS")
                .contains("plain < 220 ")
                .contains("tls   > EHLO [127.0.0.1]")
                .contains("tls   < 250 AUTH PLAIN LOGIN")
                .contains("* TLS handshake");
    }

    @Test
    void connectionRefusedIsOneLine() {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ProbeRun run = ProbeRun.of("smtp://127.0.0.1:" + port, "--timeout", "3s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("connected              no");
        assertThat(run.err()).startsWith("startle-probe: connect: cannot connect to 127.0.0.1:" + port);
        assertThat(run.err().lines()).hasSize(1);
    }
}
