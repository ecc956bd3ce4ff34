package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.startle.core.testing.TestPki;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * Interop with a real third-party STARTTLS client: {@code openssl s_client -starttls smtp|imap} against a
 * {@link LineServer}, with both server TLS providers. openssl negotiates STARTTLS in plaintext itself, verifies the
 * chain against the test CA and the host name, then sends what it reads from stdin over TLS.
 *
 * <p>Skipped when {@code openssl} is not on the PATH, unless {@code STARTLE_INTEROP=required} (CI), where that fails.
 * Process I/O is blocking and runs on the test thread only (BlockHound guards event loops, not this thread).
 */
class OpensslInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long PROCESS_TIMEOUT_SECONDS = 30;

    private static String openssl;

    @BeforeAll
    static void findOpenssl() {
        openssl = onPath("openssl");
        if (openssl == null && "required".equalsIgnoreCase(System.getenv("STARTLE_INTEROP"))) {
            fail("STARTLE_INTEROP=required but openssl is not on the PATH (" + System.getenv("PATH") + ")");
        }
    }

    @BeforeEach
    void requireOpenssl() {
        // Per test rather than in @BeforeAll, so each test is reported as skipped, with this message.
        Assumptions.assumeTrue(
                openssl != null,
                "openssl is not on the PATH: skipping the openssl s_client interop tests "
                        + "(install the openssl package; STARTLE_INTEROP=required makes this a failure)");
    }

    @ParameterizedTest(name = "server provider {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void smtpStartTlsWithOpensslClient(TlsProvider provider) throws Exception {
        assumeProvider(provider);
        SmtpDialogue smtp = new SmtpDialogue();
        DisposableServer server = LineServer.create()
                .host("127.0.0.1")
                .port(0)
                .tls(TestPki.get().serverTls(provider))
                .bindNow(smtp);
        try {
            Transcript t = runOpenssl("smtp", server.port(), "EHLO x\nPING\nQUIT\n");

            assertThat(t.exited).as("openssl exited in time%n%s", t).isTrue();
            assertThat(t.exitCode).as("openssl exit code%n%s", t).isZero();
            assertThat(t.stderr).as("handshake verified%n%s", t).contains("Verification: OK");
            assertThat(t.stderr).as("protocol%n%s", t).contains("Protocol version: TLSv1.3");
            assertThat(t.stdout).as("replies over TLS%n%s", t).contains("250 PONG over TLSv1.3", "221 bye");

            assertThat(smtp.done.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the server's conversation ended normally")
                    .isNull();
            List<Line> lines = smtp.received;
            assertThat(lines).extracting(Line::text).hasSize(5);
            assertThat(lines.get(0).text()).startsWith("EHLO ");
            assertThat(lines).extracting(Line::text).endsWith("STARTTLS", "EHLO x", "PING", "QUIT");
            assertThat(lines).extracting(Line::isSecure).containsExactly(false, false, true, true, true);
            assertServerTls(smtp.tls, provider);
        } finally {
            server.disposeNow(WAIT);
        }
    }

    @ParameterizedTest(name = "server provider {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void imapStartTlsWithOpensslClient(TlsProvider provider) throws Exception {
        assumeProvider(provider);
        ImapDialogue imap = new ImapDialogue();
        DisposableServer server = LineServer.create()
                .host("127.0.0.1")
                .port(0)
                .tls(TestPki.get().serverTls(provider))
                .bindNow(imap);
        try {
            Transcript t = runOpenssl("imap", server.port(), "a1 CAPABILITY\na2 NOOP\na3 LOGOUT\n");

            assertThat(t.exited).as("openssl exited in time%n%s", t).isTrue();
            assertThat(t.exitCode).as("openssl exit code%n%s", t).isZero();
            assertThat(t.stderr).as("handshake verified%n%s", t).contains("Verification: OK");
            assertThat(t.stderr).as("protocol%n%s", t).contains("Protocol version: TLSv1.3");
            assertThat(t.stdout)
                    .as("replies over TLS%n%s", t)
                    .contains(
                            "* CAPABILITY IMAP4rev1 AUTH=PLAIN",
                            "a1 OK done",
                            "a2 OK NOOP over TLSv1.3",
                            "a3 OK LOGOUT completed")
                    .doesNotContain("STARTTLS");

            assertThat(imap.done.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the server's conversation ended normally")
                    .isNull();
            // openssl's own negotiation uses the tag "."
            assertThat(imap.received)
                    .extracting(Line::text)
                    .containsExactly(". CAPABILITY", ". STARTTLS", "a1 CAPABILITY", "a2 NOOP", "a3 LOGOUT");
            assertThat(imap.received).extracting(Line::isSecure).containsExactly(false, false, true, true, true);
            assertServerTls(imap.tls, provider);
        } finally {
            server.disposeNow(WAIT);
        }
    }

    private static void assertServerTls(CompletableFuture<TlsInfo> negotiated, TlsProvider provider) throws Exception {
        TlsInfo tls = negotiated.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(tls.protocol()).isEqualTo("TLSv1.3");
        assertThat(tls.provider()).isEqualTo(provider);
        assertThat(tls.serverName()).contains("localhost");
        assertThat(tls.peerCertificates())
                .as("openssl sent no client certificate")
                .isEmpty();
    }

    private static void assumeProvider(TlsProvider provider) {
        Assumptions.assumeTrue(
                provider == TlsProvider.JDK || SslContexts.openSslAvailable(),
                "netty-tcnative not loadable on this platform");
    }

    // ---- the openssl process

    private static Transcript runOpenssl(String starttls, int port, String input) throws Exception {
        Path out = Files.createTempFile("startle-openssl-out", ".txt");
        Path err = Files.createTempFile("startle-openssl-err", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(
                    openssl,
                    "s_client",
                    "-starttls",
                    starttls,
                    "-connect",
                    "127.0.0.1:" + port,
                    "-CAfile",
                    TestPki.get().caPemFile().toString(),
                    "-verify_return_error",
                    "-verify_hostname",
                    "localhost",
                    "-servername",
                    "localhost",
                    "-crlf",
                    // -brief: a connection summary on stderr ("Verification: OK"), no session dump. -ign_eof:
                    // the end of stdin must not end the session (-brief, unlike -quiet, does not imply it), so
                    // openssl exits when the server closes after QUIT/LOGOUT.
                    "-brief",
                    "-ign_eof"));
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            // openssl reads stdin only after its handshake; the pipe holds the few bytes until then.
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.US_ASCII));
            }
            boolean exited = p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            return new Transcript(
                    String.join(" ", command),
                    exited,
                    exited ? p.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    private record Transcript(String command, boolean exited, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "$ " + command + "\n(exited " + exited + ", code " + exitCode + ")\n--- stdout\n" + stdout
                    + "--- stderr\n" + stderr;
        }
    }

    // ---- the servers' side of the dialogues

    /** Base for a server dialogue: one line at a time (upgrade-safe), recording lines and the negotiated TLS. */
    private abstract static class Dialogue implements Function<LineConnection, Publisher<Void>> {
        final List<Line> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<TlsInfo> tls = new CompletableFuture<>();
        /** Completes with null when the conversation ended normally, with the error otherwise. */
        final CompletableFuture<Throwable> done = new CompletableFuture<>();

        abstract String greeting();

        abstract Mono<Void> respond(LineConnection c, Line line);

        @Override
        public Publisher<Void> apply(LineConnection c) {
            return c.send(greeting())
                    .thenMany(c.lines()
                            .concatMap(
                                    line -> {
                                        received.add(line);
                                        return respond(c, line);
                                    },
                                    0))
                    .then()
                    .doOnSuccess(v -> done.complete(null))
                    .doOnError(done::complete);
        }

        Mono<Void> upgrade(LineConnection c, String goAhead) {
            return c.upgradeToTls(goAhead)
                    .doOnNext(up -> tls.complete(up.tls().orElseThrow()))
                    .then();
        }

        static String protocol(LineConnection c) {
            return c.tls().map(TlsInfo::protocol).orElse("plaintext");
        }
    }

    /** Just enough SMTP for {@code openssl s_client -starttls smtp}. */
    private static final class SmtpDialogue extends Dialogue {
        @Override
        String greeting() {
            return "220 localhost ESMTP startle-test";
        }

        @Override
        Mono<Void> respond(LineConnection c, Line line) {
            String verb = line.text().split(" ", 2)[0].toUpperCase(Locale.ROOT);
            return switch (verb) {
                case "EHLO" ->
                    line.isSecure()
                            ? c.send("250-localhost", "250-PIPELINING", "250 AUTH PLAIN")
                            : c.send("250-localhost", "250-PIPELINING", "250 STARTTLS");
                case "STARTTLS" ->
                    line.isSecure()
                            ? c.send("503 5.5.1 TLS already active")
                            : upgrade(c, "220 2.0.0 Ready to start TLS");
                case "PING" ->
                    line.isSecure()
                            ? c.send("250 PONG over " + protocol(c))
                            : c.send("530 5.7.0 Must issue a STARTTLS command first");
                case "QUIT" -> c.send("221 bye").then(c.close());
                default -> c.send("500 5.5.2 unknown command");
            };
        }
    }

    /** Just enough IMAP for {@code openssl s_client -starttls imap} (which tags its commands "."). */
    private static final class ImapDialogue extends Dialogue {
        @Override
        String greeting() {
            return "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready";
        }

        @Override
        Mono<Void> respond(LineConnection c, Line line) {
            String[] parts = line.text().split(" ", 2);
            String tag = parts[0];
            String command = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
            return switch (command) {
                case "CAPABILITY" ->
                    line.isSecure()
                            ? c.send("* CAPABILITY IMAP4rev1 AUTH=PLAIN", tag + " OK done")
                            : c.send("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED", tag + " OK done");
                case "STARTTLS" ->
                    line.isSecure()
                            ? c.send(tag + " BAD TLS already active")
                            : upgrade(c, tag + " OK Begin TLS negotiation now");
                case "NOOP" ->
                    line.isSecure()
                            ? c.send(tag + " OK NOOP over " + protocol(c))
                            : c.send(tag + " BAD NOOP must come over TLS here");
                case "LOGOUT" ->
                    c.send("* BYE logging out", tag + " OK LOGOUT completed").then(c.close());
                default -> c.send(tag + " BAD unknown command");
            };
        }
    }
}
