package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.startle.core.testing.Peers;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The probe against the real servers of {@code .ci/peers start}: Postfix (relay, submission, smtps) and Dovecot
 * (imap, imaps, pop3, pop3s), trusting the peers' CA. Skipped without them, failed under
 * {@code STARTLE_INTEROP=required}.
 */
class RealPeersProbeTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "smtp, STARTLE_POSTFIX_RELAY_PORT, STARTTLS, ''",
        "submission, STARTLE_POSTFIX_SUBMISSION_PORT, STARTTLS, AUTH PLAIN LOGIN",
        "smtps, STARTLE_POSTFIX_SMTPS_PORT, '', AUTH PLAIN LOGIN",
        "imap, STARTLE_DOVECOT_IMAP_PORT, STARTTLS, ''",
        "imaps, STARTLE_DOVECOT_IMAPS_PORT, '', IMAP4rev1",
        "pop3, STARTLE_DOVECOT_POP3_PORT, STLS, ''",
        "pop3s, STARTLE_DOVECOT_POP3S_PORT, '', UIDL",
    })
    void probes(String scheme, String portKey, String onlyBefore, String present) {
        int port = Peers.port(portKey);
        JsonNode json = ProbeRun.json(
                scheme + "://localhost:" + port, "--ca", Peers.ca().toString());
        assertThat(json.get("ok").asBoolean()).as(json.toString()).isTrue();
        assertThat(json.at("/tls/protocol").asText()).isEqualTo("TLSv1.3");
        assertThat(json.at("/verification/status").asText()).isEqualTo("passed");
        assertThat(json.at("/certificates/0/subjectAltNames").toString()).contains("DNS:localhost");
        assertThat(json.at("/certificates/1/subject").asText()).contains("Startle throwaway test CA");
        List<String> after = strings(json.at("/capabilities/afterTls"));
        if (!present.isEmpty()) {
            assertThat(after).contains(present);
        }
        if (onlyBefore.isEmpty()) {
            assertThat(json.get("tlsMode").asText()).isEqualTo("implicit");
        } else {
            assertThat(strings(json.at("/capabilities/onlyBeforeTls"))).contains(onlyBefore);
            assertThat(after).doesNotContain(onlyBefore);
        }
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
