package dev.startle.smtp.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsInfo;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.testing.Peers;
import dev.startle.core.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * Real Postfix relays to Startle's SmtpServer: {@code .ci/peers} routes {@code sink.startle.test} to
 * {@code smtp:[127.0.0.1]:10925} with {@code smtp_tls_security_level = encrypt}. The test binds SmtpServer (STARTTLS
 * required) on that port, submits a message to Postfix's relay port with swaks, and checks that Postfix's smtp client
 * delivered it over TLS with the original bytes after the {@code Received:} header(s) Postfix adds.
 */
class PostfixRelayToStartleTest {
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);
    private static final Duration FLUSH_EVERY = Duration.ofSeconds(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /** What the handler saw of one message. */
    record Delivery(String from, List<String> recipients, byte[] content, boolean secure, String tlsProtocol) {}

    @TempDir
    Path dir;

    @Test
    void postfixRelaysToStartleOverTlsWithTheOriginalBytes() throws Exception {
        String domain = Peers.get("STARTLE_POSTFIX_SINK_DOMAIN");
        String sinkPort = Peers.get("STARTLE_POSTFIX_SINK_PORT");
        String peersDir = Peers.get("STARTLE_PEERS_DIR");
        if (domain == null || sinkPort == null || peersDir == null) {
            Peers.unavailable(
                    "STARTLE_POSTFIX_SINK_DOMAIN/_PORT are not set: (re)start the peers with .ci/peers start");
        }
        int relayPort = Peers.port("STARTLE_POSTFIX_RELAY_PORT");
        String swaks = ExternalCommand.require("swaks");
        String postqueue = Files.isExecutable(Path.of("/usr/sbin/postqueue"))
                ? "/usr/sbin/postqueue"
                : ExternalCommand.require("postqueue");
        Path postfixConfig = Path.of(peersDir, "postfix", "etc");
        Path maillog = Path.of(peersDir, "log", "postfix.log");

        String token = UUID.randomUUID().toString();
        String sender = "relay-test@" + domain;
        String recipient = "someone@" + domain;
        // No trailing CRLF in the file: swaks then sends it as is, plus the CRLF before the final dot.
        String file = "From: Relay Test <" + sender + ">\r\n"
                + "To: <" + recipient + ">\r\n"
                + "Subject: relayed by Postfix " + token + "\r\n"
                + "Date: Thu, 26 Nov 2026 12:00:00 +0000\r\n"
                + "Message-ID: <" + token + "@" + domain + ">\r\n"
                + "\r\n"
                + "first line\r\n"
                + ".leading dot (stuffed twice on the way, unstuffed twice)\r\n"
                + ".\r\n"
                + "last line " + token;
        String original = file + "\r\n";
        Path eml = Files.writeString(dir.resolve("relay.eml"), file, US_ASCII);

        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        DisposableServer server;
        try {
            server = SmtpServer.create()
                    .host("127.0.0.1")
                    .port(Integer.parseInt(sinkPort.trim()))
                    .hostname("startle-sink.test")
                    .tls(TestPki.get().serverTls(TlsProvider.JDK))
                    .tlsMode(TlsMode.STARTTLS_REQUIRED)
                    .bindNow(message -> message.bytes()
                            .doOnNext(bytes -> deliveries.add(new Delivery(
                                    message.from(),
                                    message.recipients(),
                                    bytes,
                                    message.session().isSecure(),
                                    message.session()
                                            .tls()
                                            .map(TlsInfo::protocol)
                                            .orElse(null))))
                            .then(Mono.empty()));
        } catch (RuntimeException e) {
            throw new AssertionError("cannot bind SmtpServer on 127.0.0.1:" + sinkPort + " (Postfix's sink route)", e);
        }
        try {
            ExternalCommand.Result submit = ExternalCommand.run(
                    List.of(
                            swaks,
                            "--server",
                            "127.0.0.1:" + relayPort,
                            "--helo",
                            "submitter.example",
                            "--from",
                            sender,
                            "--to",
                            recipient,
                            "--data",
                            "@" + eml,
                            "--timeout",
                            "20"),
                    null,
                    COMMAND_TIMEOUT);
            assertThat(submit.ok()).as(submit.transcript()).isTrue();
            assertThat(submit.stdout()).as(submit.transcript()).contains("250 2.0.0 Ok: queued");

            Delivery d = awaitDelivery(deliveries, token, postqueue, postfixConfig, maillog);
            String why = "Postfix log tail:\n" + tail(maillog, 40);
            assertThat(d.secure()).as(why).isTrue();
            assertThat(d.tlsProtocol()).as(why).isIn("TLSv1.2", "TLSv1.3");
            assertThat(d.from()).isEqualTo(sender);
            assertThat(d.recipients()).containsExactly(recipient);
            String received = new String(d.content(), US_ASCII);
            assertThat(received).as(why).endsWith(original);
            // Whatever Postfix put in front is its trace header(s), and nothing else.
            String added = received.substring(0, received.length() - original.length());
            assertThat(added).startsWith("Received: ").endsWith("\r\n");
            for (String line : added.split("\r\n")) {
                assertThat(line).as("a line Postfix added: %s", added).matches("(Received: |[ \t]).*");
            }
            assertThat(added).contains("by localhost (Postfix)");
            assertThat(tail(maillog, 200))
                    .as("Postfix logs the TLS delivery")
                    .containsPattern("TLS connection established to 127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:" + sinkPort)
                    .contains("relay=127.0.0.1[127.0.0.1]:" + sinkPort);
        } finally {
            server.disposeNow(Duration.ofSeconds(10));
        }
    }

    /** Waits (bounded) for the message with {@code token}, asking Postfix to retry its deferred mail now and then. */
    private static Delivery awaitDelivery(
            List<Delivery> deliveries, String token, String postqueue, Path postfixConfig, Path maillog)
            throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        long nextFlush = System.nanoTime() + FLUSH_EVERY.toNanos();
        while (System.nanoTime() < deadline) {
            for (Delivery d : deliveries) {
                if (new String(d.content(), US_ASCII).contains(token)) {
                    return d;
                }
            }
            if (System.nanoTime() >= nextFlush) {
                // A destination that failed earlier (nobody listened) stays "dead" for a while: flush revives it.
                ExternalCommand.run(List.of(postqueue, "-c", postfixConfig.toString(), "-f"), null, COMMAND_TIMEOUT);
                nextFlush = System.nanoTime() + FLUSH_EVERY.toNanos();
            }
            Thread.sleep(100);
        }
        ExternalCommand.Result queue =
                ExternalCommand.run(List.of(postqueue, "-c", postfixConfig.toString(), "-p"), null, COMMAND_TIMEOUT);
        throw new AssertionError("Postfix did not deliver the message (" + token + ") to SmtpServer within "
                + DELIVERY_WAIT + "; deliveries seen: " + deliveries.size() + "\n--- queue ---\n" + queue.stdout()
                + "\n--- " + maillog + " (tail) ---\n" + tail(maillog, 60));
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
