package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.startle.core.testing.Peers;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The probe's xmpp scheme against the real Prosody of {@code .ci/peers start} (c2s on 127.0.0.1, TLS required),
 * trusting the peers' CA. The probe sends the URL host as the stream's {@code to}: the script gives Prosody a
 * {@code localhost} VirtualHost, the name the certificate carries. Skipped without the peers, failed under
 * {@code STARTLE_INTEROP=required}.
 */
class ProsodyProbeTest {

    @Test
    void xmppStartTlsAgainstProsody() {
        int port = Peers.port("STARTLE_PROSODY_PORT");
        JsonNode json =
                ProbeRun.json("xmpp://localhost:" + port, "--ca", Peers.ca().toString());
        assertThat(json.get("ok").asBoolean()).as(json.toString()).isTrue();
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("tlsMode").asText()).isEqualTo("starttls");
        assertThat(json.at("/tls/protocol").asText()).isEqualTo("TLSv1.3");
        assertThat(json.at("/verification/status").asText()).isEqualTo("passed");
        assertThat(json.at("/certificates/0/subjectAltNames").toString()).contains("DNS:localhost");
        assertThat(json.at("/certificates/1/subject").asText()).contains("Startle throwaway test CA");
        // Prosody requires encryption: before TLS it offers STARTTLS (required) and no SASL mechanism;
        // after TLS the SASL mechanisms appear and STARTTLS is gone.
        List<String> before = strings(json.at("/capabilities/beforeTls"));
        List<String> after = strings(json.at("/capabilities/afterTls"));
        assertThat(before).as(json.toString()).anyMatch(f -> f.contains("starttls"));
        assertThat(after).as(json.toString()).noneMatch(f -> f.contains("starttls"));
        assertThat(after).as(json.toString()).anyMatch(f -> f.contains("mechanisms"));
        assertThat(before).as(json.toString()).noneMatch(f -> f.contains("mechanisms"));
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
