package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.startle.core.WiretapListener.Direction;
import dev.startle.core.testing.TestPki;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

class WiretapTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TLS_ESTABLISHED = "<TLS established";

    private final List<Event> clientLog = new CopyOnWriteArrayList<>();
    private final List<Event> serverLog = new CopyOnWriteArrayList<>();

    @ParameterizedTest(name = "provider {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void logsEachLineOnceInPlaintextMarkedPlainBeforeAndTlsAfterTheUpgrade(TlsProvider provider) throws Exception {
        Assumptions.assumeTrue(
                provider == TlsProvider.JDK || SslContexts.openSslAvailable(),
                "netty-tcnative not loadable on this platform");
        Dialogue server = new Dialogue();
        DisposableServer bound = bind(server, Wiretap.to(listener(serverLog)), provider);
        try {
            LineConnection c = connect(bound, Wiretap.to(listener(clientLog)), provider);
            expect(c, "220 ready");
            c.send("EHLO plain").block(WAIT);
            expect(c, "250 EHLO plain");
            upgrade(c);
            c.send("EHLO tls").block(WAIT);
            expect(c, "250 EHLO tls");
            quit(c, server);

            assertThat(lines(clientLog))
                    .containsExactly(
                            in(false, "220 ready"),
                            out(false, "EHLO plain"),
                            in(false, "250 EHLO plain"),
                            out(false, "STARTTLS"),
                            in(false, "220 go ahead"),
                            out(true, "EHLO tls"),
                            in(true, "250 EHLO tls"),
                            out(true, "QUIT"),
                            in(true, "221 bye"));
            assertThat(lines(serverLog))
                    .containsExactly(
                            out(false, "220 ready"),
                            in(false, "EHLO plain"),
                            out(false, "250 EHLO plain"),
                            in(false, "STARTTLS"),
                            out(false, "220 go ahead"),
                            in(true, "EHLO tls"),
                            out(true, "250 EHLO tls"),
                            in(true, "QUIT"),
                            out(true, "221 bye"));
            assertThat(clientLog).extracting(Event::id).containsOnly(c.id());
            assertThat(serverLog).extracting(Event::id).containsOnly(server.id.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertHandshakeSummary(clientLog, provider);
            assertHandshakeSummary(serverLog, provider);
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @Test
    void redactHidesLinesInBothDirectionsUntilDisposedAndARedactorMasksText() throws Exception {
        Dialogue server = new Dialogue();
        // The server cannot call redact() before its AUTH line is logged (lines are logged as they are decoded), so a
        // redactor masks credentials there.
        WiretapRedactor maskAuth =
                (direction, line) -> direction == Direction.INBOUND && line.regionMatches(true, 0, "AUTH PLAIN ", 0, 11)
                        ? "AUTH PLAIN ****"
                        : line;
        DisposableServer bound = bind(server, Wiretap.to(listener(serverLog)).withRedactor(maskAuth), TlsProvider.JDK);
        try {
            LineConnection c = connect(bound, Wiretap.to(listener(clientLog)), TlsProvider.JDK);
            expect(c, "220 ready");
            upgrade(c);
            Disposable redaction = c.redact("AUTH");
            c.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==").block(WAIT);
            expect(c, "235 2.7.0 accepted AGFsaWNlAHNlY3JldA==");
            redaction.dispose();
            assertThat(redaction.isDisposed()).isTrue();
            c.send("NOOP").block(WAIT);
            expect(c, "250 NOOP");
            quit(c, server);

            assertThat(lines(clientLog))
                    .containsExactly(
                            in(false, "220 ready"),
                            out(false, "STARTTLS"),
                            in(false, "220 go ahead"),
                            out(true, "<redacted: AUTH>"),
                            in(true, "<redacted: AUTH>"),
                            out(true, "NOOP"),
                            in(true, "250 NOOP"),
                            out(true, "QUIT"),
                            in(true, "221 bye"));
            assertThat(lines(serverLog))
                    .contains(in(true, "AUTH PLAIN ****"), in(true, "NOOP"))
                    // the redactor masks only what it matches: the server's own echo is its business
                    .contains(out(true, "235 2.7.0 accepted AGFsaWNlAHNlY3JldA=="));
            assertThat(clientLog).extracting(Event::text).noneMatch(t -> t.contains("AGFsaWNlAHNlY3JldA=="));
            assertThat(serverLog)
                    .filteredOn(e -> e.direction() == Direction.INBOUND)
                    .extracting(Event::text)
                    .noneMatch(t -> t.contains("AGFsaWNlAHNlY3JldA=="));
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @Test
    void rawBytesAreLoggedOnlyAsTheirCount() throws Exception {
        Dialogue server = new Dialogue();
        DisposableServer bound = bind(server, Wiretap.to(listener(serverLog)), TlsProvider.JDK);
        byte[] body = "Subject: hello\r\n\r\nthe secret body\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            LineConnection c = connect(bound, Wiretap.to(listener(clientLog)), TlsProvider.JDK);
            expect(c, "220 ready");
            upgrade(c);
            c.send("DATA " + body.length).block(WAIT);
            expect(c, "354 send " + body.length + " bytes");
            c.send(Flux.just(body)).block(WAIT);
            expect(c, "250 got " + body.length + " bytes");
            quit(c, server);

            assertThat(server.data).containsExactly(body);
            assertThat(lines(clientLog))
                    .containsSubsequence(
                            out(true, "DATA " + body.length),
                            in(true, "354 send " + body.length + " bytes"),
                            out(true, "<" + body.length + " bytes>"),
                            in(true, "250 got " + body.length + " bytes"));
            // The server reads them with bytes(n): one summary per chunk, adding up to the whole body.
            assertThat(serverLog)
                    .filteredOn(e -> e.text().matches("<\\d+ bytes>"))
                    .allMatch(e -> e.direction() == Direction.INBOUND && e.secure())
                    .extracting(e -> Integer.parseInt(e.text().replaceAll("\\D", "")))
                    .satisfies(sizes -> assertThat(
                                    sizes.stream().mapToInt(Integer::intValue).sum())
                            .isEqualTo(body.length));
            assertThat(clientLog).extracting(Event::text).noneMatch(t -> t.contains("secret"));
            assertThat(serverLog).extracting(Event::text).noneMatch(t -> t.contains("secret"));
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    @Test
    void slf4jWiretapLogsWithoutFailingWhateverTheLevel() throws Exception {
        Dialogue server = new Dialogue();
        Wiretap wiretap = Wiretap.slf4j("dev.startle.test.wire");
        assertThat(wiretap.isEnabled()).isTrue();
        assertThat(Wiretap.disabled().isEnabled()).isFalse();
        DisposableServer bound = bind(server, wiretap, TlsProvider.JDK);
        try {
            assertThatCode(() -> {
                        LineConnection c = connect(bound, wiretap, TlsProvider.JDK);
                        expect(c, "220 ready");
                        upgrade(c);
                        c.redact("AUTH");
                        c.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==").block(WAIT);
                        expect(c, "235 2.7.0 accepted AGFsaWNlAHNlY3JldA==");
                        quit(c, server);
                    })
                    .doesNotThrowAnyException();
        } finally {
            bound.disposeNow(WAIT);
        }
    }

    // ---- the conversation

    private static DisposableServer bind(Dialogue dialogue, Wiretap wiretap, TlsProvider provider) {
        return LineServer.create()
                .tls(TestPki.get().serverTls(provider))
                .wiretap(wiretap)
                .bindNow(dialogue);
    }

    private static LineConnection connect(DisposableServer server, Wiretap wiretap, TlsProvider provider) {
        return LineClient.create()
                .host("localhost")
                .port(server.port())
                .tls(TestPki.get().clientTls(provider))
                .wiretap(wiretap)
                .connectNow();
    }

    private static void expect(LineConnection c, String text) {
        assertThat(c.lines().next().block(WAIT)).extracting(Line::text).isEqualTo(text);
    }

    private static void upgrade(LineConnection c) {
        c.send("STARTTLS").block(WAIT);
        expect(c, "220 go ahead");
        c.upgradeToTls().block(WAIT);
        assertThat(c.isSecure()).isTrue();
    }

    private static void quit(LineConnection c, Dialogue server) throws Exception {
        c.send("QUIT").block(WAIT);
        expect(c, "221 bye");
        c.onClose().block(WAIT);
        assertThat(server.done.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the server's conversation ended normally")
                .isNull();
    }

    /**
     * Greets with {@code 220 ready}; {@code STARTTLS}; {@code AUTH ...} is accepted; {@code DATA n} reads n raw bytes
     * with {@link LineConnection#bytes(long)}; {@code QUIT} ends; anything else is echoed after {@code 250}.
     */
    private static final class Dialogue implements Function<LineConnection, Publisher<Void>> {
        final CompletableFuture<String> id = new CompletableFuture<>();
        final CompletableFuture<Throwable> done = new CompletableFuture<>();
        final List<byte[]> data = new CopyOnWriteArrayList<>();

        @Override
        public Publisher<Void> apply(LineConnection c) {
            id.complete(c.id());
            return c.send("220 ready")
                    .thenMany(c.lines().concatMap(line -> respond(c, line), 0))
                    .then()
                    .doOnSuccess(v -> done.complete(null))
                    .doOnError(done::complete);
        }

        private Mono<Void> respond(LineConnection c, Line line) {
            String text = line.text();
            String verb = text.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            return switch (verb) {
                case "STARTTLS" -> c.upgradeToTls("220 go ahead").then();
                case "AUTH" -> c.send("235 2.7.0 accepted " + text.substring(text.lastIndexOf(' ') + 1));
                case "DATA" -> {
                    int n = Integer.parseInt(text.substring(5));
                    yield c.send("354 send " + n + " bytes")
                            .then(c.bytes(n)
                                    .map(ByteBufUtil::getBytes)
                                    .collect(ByteArrayOutputStream::new, (o, b) -> o.writeBytes(b)))
                            .doOnNext(o -> data.add(o.toByteArray()))
                            .then(c.send("250 got " + n + " bytes"));
                }
                case "QUIT" -> c.send("221 bye").then(c.close());
                default -> c.send("250 " + text);
            };
        }
    }

    // ---- the log

    private record Event(String id, Direction direction, boolean secure, String text) {
        @Override
        public String toString() {
            return (direction == Direction.INBOUND ? "< " : "> ") + (secure ? "tls   " : "plain ") + text;
        }
    }

    private static WiretapListener listener(List<Event> log) {
        return (id, direction, secure, text) -> log.add(new Event(id, direction, secure, text));
    }

    /** The logged lines, without the connection id and the handshake summary. */
    private static List<String> lines(List<Event> log) {
        return log.stream()
                .filter(e -> !e.text().startsWith(TLS_ESTABLISHED))
                .map(Event::toString)
                .toList();
    }

    private static String in(boolean secure, String text) {
        return new Event("", Direction.INBOUND, secure, text).toString();
    }

    private static String out(boolean secure, String text) {
        return new Event("", Direction.OUTBOUND, secure, text).toString();
    }

    /** One summary of the handshake, marked tls, after the go-ahead and before the first line under TLS. */
    private static void assertHandshakeSummary(List<Event> log, TlsProvider provider) {
        List<Event> summaries =
                log.stream().filter(e -> e.text().startsWith(TLS_ESTABLISHED)).toList();
        assertThat(summaries).hasSize(1);
        Event summary = summaries.get(0);
        assertThat(summary.secure()).isTrue();
        assertThat(summary.text()).contains("TLSv1.3", provider.name());
        int at = log.indexOf(summary);
        assertThat(log.subList(0, at)).extracting(Event::secure).containsOnly(false);
        assertThat(log.subList(at, log.size())).extracting(Event::secure).containsOnly(true);
    }
}
