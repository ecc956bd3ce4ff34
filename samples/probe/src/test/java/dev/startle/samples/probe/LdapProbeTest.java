package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The probe against a blocking LDAP peer: the StartTLS extended operation in BER, and LDAPS. */
class LdapProbeTest {

    @Test
    void startTlsExtendedOperation() throws Exception {
        try (LdapPeer peer = LdapPeer.start(false, 0)) {
            JsonNode json = ProbeRun.json("ldap://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(json.get("ok").asBoolean()).as(json.toString()).isTrue();
            assertThat(peer.request()).isEqualTo(LdapMessages.startTlsRequest(1));
            assertThat(json.at("/startTls/offered").asText()).isEqualTo("unknown");
            assertThat(json.at("/startTls/goAhead").asText()).isEqualTo("ExtendedResponse 0 (success)");
            assertThat(json.at("/tls/protocol").asText()).startsWith("TLSv1.");
            assertThat(json.at("/verification/status").asText()).isEqualTo("passed");
            assertThat(json.at("/capabilities/command").isNull()).isTrue();
        }
    }

    @Test
    void ldaps() {
        try (LdapPeer peer = LdapPeer.start(true, 0)) {
            ProbeRun run = ProbeRun.of("ldaps://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("(implicit TLS)").contains("[0] subject  CN=localhost");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void refusalQuotesTheResultCodeAndDiagnostic() throws Exception {
        try (LdapPeer peer = LdapPeer.start(false, 53)) {
            ProbeRun run = ProbeRun.of("ldap://localhost:" + peer.port(), "--ca", TestPkiFiles.ca(), "-v");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err())
                    .contains("* LDAP ExtendedRequest StartTLS (1.3.6.1.4.1.1466.20037), messageID 1")
                    .contains("plain > <31 bytes>")
                    .endsWith("startle-probe: STARTTLS: StartTLS refused: 53 (unwillingToPerform): not now\n");
        }
    }
}
