package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.startle.samples.probe.ScriptedPeer.Answer;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe against scripted Startle {@code LineServer} peers speaking just enough IMAP, POP3, NNTP, FTP and XMPP,
 * with STARTTLS and with implicit TLS; and what it says when a peer refuses, strips or injects.
 */
class ScriptedProbeTest {
    static final String XMPP_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0'>";
    static final String PROCEED = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";

    static Answer imap(String line, boolean secure) {
        String tag = line.split(" ")[0];
        String command = line.substring(tag.length() + 1);
        return switch (command) {
            case "CAPABILITY" ->
                Answer.send(
                        secure ? "* CAPABILITY IMAP4rev1 AUTH=PLAIN" : "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED",
                        tag + " OK CAPABILITY completed");
            case "STARTTLS" -> Answer.upgrade(tag + " OK Begin TLS negotiation now");
            case "LOGOUT" -> Answer.sendAndClose("* BYE logging out", tag + " OK LOGOUT completed");
            default -> Answer.send(tag + " BAD unknown");
        };
    }

    static Answer pop3(String line, boolean secure) {
        return switch (line) {
            case "CAPA" ->
                secure
                        ? Answer.send("+OK", "TOP", "UIDL", "USER", "SASL PLAIN", ".")
                        : Answer.send("+OK", "TOP", "UIDL", "STLS", ".");
            case "STLS" -> Answer.upgrade("+OK Begin TLS negotiation");
            case "QUIT" -> Answer.sendAndClose("+OK bye");
            default -> Answer.send("-ERR unknown command");
        };
    }

    static Answer nntp(String line, boolean secure) {
        return switch (line) {
            case "CAPABILITIES" ->
                Answer.send("101 Capability list:", "VERSION 2", "READER", secure ? "AUTHINFO USER" : "STARTTLS", ".");
            case "STARTTLS" -> Answer.upgrade("382 Continue with TLS negotiation");
            case "QUIT" -> Answer.sendAndClose("205 bye");
            default -> Answer.send("500 unknown command");
        };
    }

    static Answer ftp(String line, boolean secure) {
        return switch (line) {
            case "FEAT" ->
                secure
                        ? Answer.send("211-Features:", " PBSZ", " PROT", " UTF8", "211 End")
                        : Answer.send("211-Features:", " AUTH TLS", " UTF8", "211 End");
            case "AUTH TLS" -> Answer.upgrade("234 Proceed with negotiation.");
            case "QUIT" -> Answer.sendAndClose("221 Goodbye.");
            default -> Answer.send("500 unknown command");
        };
    }

    static Answer xmpp(String line, boolean secure) {
        if (line.startsWith("<?xml")) {
            return Answer.send(
                    XMPP_HEADER,
                    secure
                            ? "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                    + "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms>"
                                    + "</stream:features>"
                            : "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
                                    + "</starttls></stream:features>");
        }
        if (line.startsWith("<starttls")) {
            return Answer.upgrade(PROCEED);
        }
        return Answer.sendAndClose("</stream:stream>");
    }

    static Stream<Arguments> peers() {
        return Stream.of(
                Arguments.of(
                        "imap",
                        List.of("* OK ready"),
                        (Dialogue) ScriptedProbeTest::imap,
                        "CAPABILITY",
                        List.of("STARTTLS", "LOGINDISABLED"),
                        List.of("AUTH=PLAIN")),
                Arguments.of(
                        "pop3",
                        List.of("+OK ready"),
                        (Dialogue) ScriptedProbeTest::pop3,
                        "CAPA",
                        List.of("STLS"),
                        List.of("USER", "SASL PLAIN")),
                Arguments.of(
                        "nntp",
                        List.of("200 news ready"),
                        (Dialogue) ScriptedProbeTest::nntp,
                        "CAPABILITIES",
                        List.of("STARTTLS"),
                        List.of("AUTHINFO USER")),
                Arguments.of(
                        "ftp",
                        List.of("220-Welcome", "220 ready"),
                        (Dialogue) ScriptedProbeTest::ftp,
                        "FEAT",
                        List.of("AUTH TLS"),
                        List.of("PBSZ", "PROT")),
                Arguments.of(
                        "xmpp",
                        List.of(),
                        (Dialogue) ScriptedProbeTest::xmpp,
                        "stream features",
                        List.of("starttls required"),
                        List.of("mechanisms SCRAM-SHA-1 PLAIN")));
    }

    /** A protocol's side of the conversation: (line received, whether under TLS) to the answer. */
    interface Dialogue extends BiFunction<String, Boolean, Answer> {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("peers")
    void startTls(
            String scheme,
            List<String> greeting,
            Dialogue dialogue,
            String command,
            List<String> onlyBefore,
            List<String> onlyAfter) {
        try (ScriptedPeer peer = ScriptedPeer.start(false, greeting, dialogue)) {
            JsonNode json =
                    ProbeRun.json(scheme + "://localhost:" + peer.port(), "--ca", TestPkiFiles.ca(), "--timeout", "5s");
            assertThat(json.get("ok").asBoolean()).as(json.toString()).isTrue();
            assertThat(json.at("/startTls/offered").asText()).isEqualTo("offered");
            assertThat(json.at("/tls/protocol").asText()).isEqualTo("TLSv1.3");
            assertThat(json.at("/verification/status").asText()).isEqualTo("passed");
            assertThat(json.at("/capabilities/command").asText()).isEqualTo(command);
            assertThat(strings(json.at("/capabilities/onlyBeforeTls"))).isEqualTo(onlyBefore);
            assertThat(strings(json.at("/capabilities/onlyAfterTls"))).isEqualTo(onlyAfter);
            assertThat(json.at("/timingsMillis/capabilities over TLS").isNumber())
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}s")
    @MethodSource("peers")
    void implicitTls(
            String scheme,
            List<String> greeting,
            Dialogue dialogue,
            String command,
            List<String> onlyBefore,
            List<String> onlyAfter) {
        try (ScriptedPeer peer = ScriptedPeer.start(true, greeting, dialogue)) {
            JsonNode json = ProbeRun.json(scheme + "s://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(json.get("ok").asBoolean()).as(json.toString()).isTrue();
            assertThat(json.get("tlsMode").asText()).isEqualTo("implicit");
            assertThat(json.at("/tls/protocol").asText()).isEqualTo("TLSv1.3");
            assertThat(strings(json.at("/capabilities/afterTls"))).containsAll(onlyAfter);
        }
    }

    @Test
    void refusedStartTlsIsQuotedInTheReason() {
        try (ScriptedPeer peer = ScriptedPeer.start(
                false,
                List.of("* OK ready"),
                (line, secure) -> line.endsWith("STARTTLS")
                        ? Answer.send(line.split(" ")[0] + " NO not now")
                        : imap(line, secure))) {
            ProbeRun run = ProbeRun.of("imap://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("startle-probe: STARTTLS: STARTTLS refused: NO not now\n");
        }
    }

    @Test
    void withoutCapaThePop3ProbeAsksForStlsDirectly() {
        try (ScriptedPeer peer = ScriptedPeer.start(
                false,
                List.of("+OK ready"),
                (line, secure) -> line.equals("CAPA") ? Answer.send("-ERR what?") : pop3(line, secure))) {
            ProbeRun run = ProbeRun.of("pop3://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out())
                    .contains("asked directly")
                    .contains("(CAPA not supported")
                    .contains("TLSv1.3");
        }
    }

    @Test
    void plaintextInjectedBehindTheGoAheadFailsTheUpgrade() {
        // CVE-2011-0411: the go-ahead and a forged reply arrive together; the forged one must never count as TLS.
        try (ScriptedPeer peer = ScriptedPeer.start(false, List.of("220 ready"), (line, secure) -> switch (line) {
            case "STARTTLS" -> Answer.send("220 go ahead", "250 forged in plaintext");
            case "QUIT" -> Answer.sendAndClose("221 bye");
            default -> Answer.send("250-localhost", "250 STARTTLS");
        })) {
            ProbeRun run = ProbeRun.of("smtp://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).startsWith("startle-probe: TLS handshake: ").containsIgnoringCase("inject");
            assertThat(run.out()).doesNotContain("protocol    ");
        }
    }

    @Test
    void xmppDataSmuggledAfterProceedFailsTheProbe() {
        try (ScriptedPeer peer = ScriptedPeer.start(
                false,
                List.of(),
                (line, secure) -> line.startsWith("<starttls")
                        ? Answer.send(PROCEED + "<message>forged</message>")
                        : xmpp(line, secure))) {
            ProbeRun run = ProbeRun.of("xmpp://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("possible STARTTLS injection");
        }
    }

    @Test
    void xmppFailureIsARefusal() {
        try (ScriptedPeer peer = ScriptedPeer.start(
                false,
                List.of(),
                (line, secure) -> line.startsWith("<starttls")
                        ? Answer.sendAndClose("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>")
                        : xmpp(line, secure))) {
            ProbeRun run = ProbeRun.of("xmpp://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("STARTTLS refused: <failure");
        }
    }

    @Test
    void implicitSchemeAgainstAPlaintextPortSaysSo() {
        try (ScriptedPeer peer = ScriptedPeer.start(false, List.of("* OK ready"), ScriptedProbeTest::imap)) {
            ProbeRun run = ProbeRun.of("imaps://localhost:" + peer.port(), "--ca", TestPkiFiles.ca());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err())
                    .startsWith("startle-probe: connect + TLS handshake: ")
                    .containsIgnoringCase("plain");
        }
    }

    @Test
    void aSilentServerTimesOut() {
        try (ScriptedPeer peer = ScriptedPeer.start(false, List.of(), ScriptedProbeTest::imap)) {
            long start = System.nanoTime();
            ProbeRun run = ProbeRun.of("imap://localhost:" + peer.port(), "--timeout", "1s");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).startsWith("startle-probe: greeting: ");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8000);
        }
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
