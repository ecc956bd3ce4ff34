package dev.startle.smtp.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.TlsInfo;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * Real third-party SMTP clients (swaks, curl, Python's smtplib, msmtp) deliver to Startle's SmtpServer on 127.0.0.1
 * over STARTTLS with AUTH, each checking the server certificate against the test CA; every test compares the bytes the
 * handler received with the bytes the client sent. And real clients configured without TLS get {@code 530} and deliver
 * nothing. The clients come from Debian packages ({@code .ci/peers start} installs them): a missing one skips, or fails
 * under {@code STARTLE_INTEROP=required}. Each runs as a child process from the test thread with a bounded wait.
 */
class RealClientsInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String USER = "mailer";
    private static final String PASSWORD = "s3cret-Pa55 word";
    private static final String FROM = "sender@example.org";
    private static final String TO = "rcpt@example.net";
    private static final String MUST_STARTTLS = "530 5.7.0 Must issue a STARTTLS command first";
    /** A message with lines a client must dot-stuff (and the server unstuff), including a lone dot line. */
    private static final String MESSAGE = "From: Sender <" + FROM + ">\r\n"
            + "To: <" + TO + ">\r\n"
            + "Subject: interop through STARTTLS\r\n"
            + "Date: Thu, 26 Nov 2026 12:00:00 +0000\r\n"
            + "Message-ID: <interop-1@example.org>\r\n"
            + "\r\n"
            + "first line\r\n"
            + ".leading dot\r\n"
            + "..two dots\r\n"
            + ".\r\n"
            + "last line, UTF-8 free, 8-bit free\r\n";

    /** What the handler saw of one message. */
    record Delivery(
            String from, List<String> recipients, byte[] content, boolean secure, String user, String tlsProtocol) {
        String text() {
            return new String(content, US_ASCII);
        }
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger handlerCalls = new AtomicInteger();
    private final List<String> authAttempts = new CopyOnWriteArrayList<>();
    private DisposableServer server;
    private String ca;

    @TempDir
    Path dir;

    @BeforeEach
    void caFile() {
        ca = TestPki.get().caPemFile().toString();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow(WAIT);
        }
    }

    private int start(TlsProvider provider) {
        PasswordAuthenticator authenticator = (authz, user, password) -> {
            authAttempts.add(user);
            return Mono.just(user.equals(USER) && new String(password).equals(PASSWORD));
        };
        server = SmtpServer.create()
                .host("127.0.0.1")
                .port(0)
                .tls(TestPki.get().serverTls(provider))
                .tlsMode(TlsMode.STARTTLS_REQUIRED)
                .auth(authenticator, true)
                .bindNow(new SmtpHandler() {
                    @Override
                    public Mono<Void> onMailFrom(
                            SmtpServerSession session, String from, Map<String, String> parameters) {
                        handlerCalls.incrementAndGet();
                        return Mono.empty();
                    }

                    @Override
                    public Mono<Void> onMessage(ReceivedMessage message) {
                        handlerCalls.incrementAndGet();
                        SmtpServerSession s = message.session();
                        return message.bytes()
                                .doOnNext(bytes -> deliveries.add(new Delivery(
                                        message.from(),
                                        message.recipients(),
                                        bytes,
                                        s.isSecure(),
                                        s.authenticatedUser().orElse(null),
                                        s.tls().map(TlsInfo::protocol).orElse(null))))
                                .then();
                    }
                });
        return server.port();
    }

    /** The one delivery, made over TLS by the authenticated user, with the envelope the client gave. */
    private Delivery theDelivery(ExternalCommand.Result run) {
        assertThat(run.ok()).as(run.transcript()).isTrue();
        assertThat(deliveries).as(run.transcript()).hasSize(1);
        Delivery d = deliveries.get(0);
        assertThat(d.secure()).as("delivered over TLS").isTrue();
        assertThat(d.tlsProtocol()).isIn("TLSv1.2", "TLSv1.3");
        assertThat(d.user()).isEqualTo(USER);
        assertThat(d.from()).isEqualTo(FROM);
        assertThat(d.recipients()).containsExactly(TO);
        return d;
    }

    // ---- swaks

    @ParameterizedTest(name = "AUTH {0}, server TLS {1}")
    @CsvSource({"PLAIN, JDK", "PLAIN, OPENSSL", "LOGIN, JDK", "LOGIN, OPENSSL"})
    void swaksDeliversOverStartTlsWithAuth(String mechanism, TlsProvider provider) {
        String swaks = ExternalCommand.require("swaks");
        int port = start(provider);
        String body = "swaks body line one\n.leading dot\n..two dots\nlast line";
        ExternalCommand.Result run = ExternalCommand.run(
                List.of(
                        swaks,
                        "--server",
                        "127.0.0.1:" + port,
                        "--tls",
                        "--tls-verify",
                        "--tls-ca-path",
                        ca,
                        "--tls-sni",
                        "localhost",
                        "--auth",
                        mechanism,
                        "--auth-user",
                        USER,
                        "--auth-password",
                        PASSWORD,
                        "--from",
                        FROM,
                        "--to",
                        TO,
                        "--helo",
                        "swaks.example",
                        "--body",
                        body,
                        "--timeout",
                        "20"),
                null,
                CLIENT_TIMEOUT);
        Delivery d = theDelivery(run);
        // swaks prints every line it sent: rebuild the DATA it wrote (dot-stuffed) and unstuff it like a server must.
        assertThat(d.text()).as(run.transcript()).isEqualTo(swaksData(run.stdout()));
        assertThat(d.text()).contains("\r\n\r\nswaks body line one\r\n.leading dot\r\n..two dots\r\nlast line\r\n");
        assertThat(run.stdout()).contains("~> AUTH " + mechanism).contains("<~  235 2.7.0");
        assertThat(authAttempts).containsExactly(USER);
    }

    /** The message swaks sent, from its transcript: the ` ~> ` lines between the 354 reply and the lone dot. */
    private static String swaksData(String transcript) {
        List<String> lines = new ArrayList<>();
        boolean inData = false;
        // Under TLS swaks prints each line as written, CRLF included; in plaintext without the CR.
        for (String line : transcript.replace("\r\n", "\n").split("\n", -1)) {
            if (!inData) {
                inData = line.startsWith("<~  354");
                continue;
            }
            String sent = line.startsWith(" ~> ") ? line.substring(4) : null;
            if (sent == null) {
                throw new AssertionError("unexpected transcript line in DATA: " + line + "\n" + transcript);
            }
            if (sent.equals(".")) {
                StringBuilder data = new StringBuilder();
                lines.forEach(
                        l -> data.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n"));
                return data.toString();
            }
            lines.add(sent);
        }
        throw new AssertionError("no DATA in swaks transcript:\n" + transcript);
    }

    @Test
    void swaksWithoutTlsGets530AndDeliversNothing() {
        String swaks = ExternalCommand.require("swaks");
        int port = start(TlsProvider.JDK);
        ExternalCommand.Result run = ExternalCommand.run(
                List.of(
                        swaks,
                        "--server",
                        "127.0.0.1:" + port,
                        "--from",
                        FROM,
                        "--to",
                        TO,
                        "--helo",
                        "swaks.example",
                        "--body",
                        "should never arrive",
                        "--timeout",
                        "20"),
                null,
                CLIENT_TIMEOUT);
        assertThat(run.ok()).as(run.transcript()).isFalse();
        assertThat(run.output()).as(run.transcript()).contains(MUST_STARTTLS);
        assertThat(handlerCalls).hasValue(0);
        assertThat(deliveries).isEmpty();
    }

    @Test
    void swaksWithAuthButWithoutTlsNeverSendsTheCredentials() {
        String swaks = ExternalCommand.require("swaks");
        int port = start(TlsProvider.JDK);
        ExternalCommand.Result run = ExternalCommand.run(
                List.of(
                        swaks,
                        "--server",
                        "127.0.0.1:" + port,
                        "--auth",
                        "PLAIN",
                        "--auth-user",
                        USER,
                        "--auth-password",
                        PASSWORD,
                        "--from",
                        FROM,
                        "--to",
                        TO,
                        "--helo",
                        "swaks.example",
                        "--body",
                        "should never arrive",
                        "--timeout",
                        "20"),
                null,
                CLIENT_TIMEOUT);
        assertThat(run.ok()).as(run.transcript()).isFalse();
        // AUTH is not advertised in plaintext, so swaks gives up before sending anything secret.
        assertThat(run.stdout()).as(run.transcript()).doesNotContain("-> AUTH");
        assertThat(authAttempts).isEmpty();
        assertThat(handlerCalls).hasValue(0);
    }

    // ---- curl

    @ParameterizedTest(name = "server TLS {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void curlDeliversOverStartTlsWithAuth(TlsProvider provider) throws IOException {
        String curl = ExternalCommand.require("curl");
        int port = start(provider);
        Path eml = Files.write(dir.resolve("msg.eml"), MESSAGE.getBytes(US_ASCII));
        ExternalCommand.Result run = ExternalCommand.run(
                List.of(
                        curl,
                        "-v",
                        "-sS",
                        "--ssl-reqd",
                        "--cacert",
                        ca,
                        "--resolve",
                        "localhost:" + port + ":127.0.0.1",
                        "smtp://localhost:" + port + "/curl.example",
                        "--mail-from",
                        FROM,
                        "--mail-rcpt",
                        TO,
                        "--upload-file",
                        eml.toString(),
                        "--user",
                        USER + ":" + PASSWORD,
                        "--max-time",
                        "20"),
                null,
                CLIENT_TIMEOUT);
        Delivery d = theDelivery(run);
        assertThat(d.text()).as(run.transcript()).isEqualTo(MESSAGE);
        assertThat(run.stderr()).contains("STARTTLS").contains("235 2.7.0");
    }

    @Test
    void curlWithoutSslReqdGets530AndDeliversNothing() throws IOException {
        String curl = ExternalCommand.require("curl");
        int port = start(TlsProvider.JDK);
        Path eml = Files.write(dir.resolve("msg.eml"), MESSAGE.getBytes(US_ASCII));
        ExternalCommand.Result run = ExternalCommand.run(
                List.of(
                        curl,
                        "-v",
                        "-sS",
                        "--resolve",
                        "localhost:" + port + ":127.0.0.1",
                        "smtp://localhost:" + port + "/curl.example",
                        "--mail-from",
                        FROM,
                        "--mail-rcpt",
                        TO,
                        "--upload-file",
                        eml.toString(),
                        "--max-time",
                        "20"),
                null,
                CLIENT_TIMEOUT);
        assertThat(run.ok()).as(run.transcript()).isFalse();
        assertThat(run.stderr()).as(run.transcript()).contains(MUST_STARTTLS);
        assertThat(handlerCalls).hasValue(0);
        assertThat(deliveries).isEmpty();
    }

    // ---- Python smtplib

    private static final String SMTPLIB = String.join(
            "\n",
            "import smtplib, ssl, sys",
            "host, port, ca, user, password, sender, rcpt, path = sys.argv[1:]",
            "message = open(path, 'rb').read()",
            "context = ssl.create_default_context(cafile=ca)",
            "with smtplib.SMTP(host, int(port), local_hostname='python.example', timeout=20) as s:",
            "    s.set_debuglevel(1)",
            "    s.ehlo()",
            "    s.starttls(context=context)",
            "    s.ehlo()",
            "    print('cipher', s.sock.cipher(), flush=True)",
            "    s.login(user, password)",
            "    refused = s.sendmail(sender, [rcpt], message)",
            "    print('refused', refused, flush=True)",
            "");

    @ParameterizedTest(name = "server TLS {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void pythonSmtplibDeliversOverStartTlsWithAuth(TlsProvider provider) throws IOException {
        String python = ExternalCommand.require("/usr/bin/python3");
        int port = start(provider);
        Path eml = Files.write(dir.resolve("msg.eml"), MESSAGE.getBytes(US_ASCII));
        ExternalCommand.Result run = ExternalCommand.run(
                List.of(
                        python,
                        "-c",
                        SMTPLIB,
                        "127.0.0.1",
                        String.valueOf(port),
                        ca,
                        USER,
                        PASSWORD,
                        FROM,
                        TO,
                        eml.toString()),
                null,
                CLIENT_TIMEOUT);
        Delivery d = theDelivery(run);
        assertThat(d.text()).as(run.transcript()).isEqualTo(MESSAGE);
        assertThat(run.stdout()).contains("refused {}");
    }

    // ---- msmtp

    @ParameterizedTest(name = "server TLS {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void msmtpDeliversOverStartTlsWithAuth(TlsProvider provider) throws IOException {
        String msmtp = ExternalCommand.require("msmtp");
        int port = start(provider);
        Path config = dir.resolve("msmtprc");
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "account startle",
                        "host 127.0.0.1",
                        "port " + port,
                        "domain msmtp.example",
                        "from " + FROM,
                        "tls on",
                        "tls_starttls on",
                        "tls_trust_file " + ca,
                        "auth on",
                        "user " + USER,
                        "password " + PASSWORD,
                        "timeout 20",
                        ""));
        // msmtp reads a Unix mail (LF line ends) on stdin, like sendmail, and sends it with CRLF.
        byte[] unixMessage = MESSAGE.replace("\r\n", "\n").getBytes(US_ASCII);
        ExternalCommand.Result run = ExternalCommand.run(
                List.of(msmtp, "-v", "-C", config.toString(), "-a", "startle", "-f", FROM, TO),
                unixMessage,
                CLIENT_TIMEOUT);
        Delivery d = theDelivery(run);
        assertThat(d.text()).as(run.transcript()).isEqualTo(MESSAGE);
    }
}
