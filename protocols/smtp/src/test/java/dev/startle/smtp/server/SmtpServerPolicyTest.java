package dev.startle.smtp.server;

import static dev.startle.smtp.server.SmtpWire.expect;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.startle.core.ConnectionClosedException;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.testing.TestPki;
import dev.startle.smtp.server.SmtpWire.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * SmtpServer's policies, driven byte by byte from a blocking socket: TLS required before anything that matters, state
 * forgotten at STARTTLS, no plaintext across the switch, only CRLF.CRLF ends the data (SMTP smuggling), limits, "250
 * only after the handler", BDAT, error limits and LMTP's per-recipient replies.
 */
class SmtpServerPolicyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MUST_STARTTLS = "530 5.7.0 Must issue a STARTTLS command first";
    private static final PasswordAuthenticator ALICE =
            (authz, user, password) -> Mono.just(user.equals("alice") && new String(password).equals("pw"));
    private static final String ALICE_PLAIN =
            Base64.getEncoder().encodeToString("\0alice\0pw".getBytes(StandardCharsets.UTF_8));

    private final List<DisposableServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.disposeNow(WAIT));
    }

    private int bind(SmtpServer server, SmtpHandler handler) {
        DisposableServer bound = server.bindNow(handler);
        servers.add(bound);
        return bound.port();
    }

    /** STARTTLS required, AUTH offered (not required), on 127.0.0.1. */
    private static SmtpServer requiredTls() {
        return requiredTls(TlsProvider.JDK);
    }

    private static SmtpServer requiredTls(TlsProvider provider) {
        return SmtpServer.create()
                .host("127.0.0.1")
                .port(0)
                .tls(TestPki.get().serverTls(provider))
                .tlsMode(TlsMode.STARTTLS_REQUIRED)
                .auth(ALICE, false);
    }

    /** No TLS at all, for tests about the data path. */
    private static SmtpServer plain() {
        return SmtpServer.create().host("127.0.0.1").port(0).tlsMode(TlsMode.NONE);
    }

    /** Greeting, EHLO, MAIL, RCPT and DATA (354) on a plaintext server. */
    private static SmtpWire openData(int port) throws IOException {
        SmtpWire c = SmtpWire.connect(port);
        expect(c.reply(), 220);
        expect(c.command("EHLO client.example"), 250);
        expect(c.command("MAIL FROM:<sender@example.org>"), 250);
        expect(c.command("RCPT TO:<rcpt@example.org>"), 250);
        expect(c.command("DATA"), 354);
        return c;
    }

    // ---- TLS required, and what is (not) offered when

    @Test
    void requiredTlsRefusesMailRcptDataAndAuthBeforeStartTlsAndHidesAuth() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpWire c = SmtpWire.connect(bind(requiredTls(), handler))) {
            expect(c.reply(), 220);
            Reply ehlo = expect(c.command("EHLO client.example"), 250);
            assertThat(ehlo.extensions()).contains("STARTTLS").noneMatch(e -> e.startsWith("AUTH"));
            assertThat(c.command("MAIL FROM:<a@example.org>").last()).isEqualTo(MUST_STARTTLS);
            assertThat(c.command("RCPT TO:<b@example.org>").last()).isEqualTo(MUST_STARTTLS);
            assertThat(c.command("DATA").last()).isEqualTo(MUST_STARTTLS);
            assertThat(c.command("AUTH PLAIN " + ALICE_PLAIN).last()).isEqualTo(MUST_STARTTLS);
            assertThat(c.command("AUTH LOGIN").last()).isEqualTo(MUST_STARTTLS);
            expect(c.command("NOOP"), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.events).containsExactly("HELO client.example");
    }

    @Test
    void afterStartTlsAuthIsOfferedAndStartTlsIsNot() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpWire c = SmtpWire.connect(bind(requiredTls(), handler))) {
            Reply ehlo = c.ehloStartTlsEhlo("client.example");
            assertThat(ehlo.extensions()).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
            Reply again = c.command("STARTTLS");
            assertThat(again.code()).isEqualTo(503);
            assertThat(c.command("AUTH PLAIN " + ALICE_PLAIN).last()).startsWith("235 2.7.0");
            expect(c.command("MAIL FROM:<a@example.org>"), 250);
            expect(c.command("RCPT TO:<b@example.org>"), 250);
            expect(c.command("DATA"), 354);
            c.write("Subject: over TLS\r\n\r\nhi\r\n.\r\n");
            expect(c.reply(), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.secure).containsExactly(true);
        assertThat(handler.messages).hasSize(1);
    }

    @Test
    void startTlsForgetsHeloTransactionAndAuthentication() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        SmtpServer server = SmtpServer.create()
                .host("127.0.0.1")
                .port(0)
                .tls(TestPki.get().serverTls(TlsProvider.JDK))
                .tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC)
                .auth(ALICE, true)
                .allowPlaintextAuth(true);
        try (SmtpWire c = SmtpWire.connect(bind(server, handler))) {
            expect(c.reply(), 220);
            expect(c.command("EHLO plain.example"), 250);
            expect(c.command("AUTH PLAIN " + ALICE_PLAIN), 235);
            expect(c.command("MAIL FROM:<before-tls@example.org>"), 250);
            expect(c.command("STARTTLS"), 220);
            c.startTls();
            // No EHLO since the upgrade: the plaintext one no longer counts.
            assertThat(c.command("MAIL FROM:<a@example.org>").code()).isEqualTo(503);
            assertThat(c.command("RCPT TO:<b@example.org>").code()).isEqualTo(503);
            Reply ehlo = expect(c.command("EHLO tls.example"), 250);
            assertThat(ehlo.extensions()).contains("AUTH PLAIN LOGIN");
            // The transaction begun in plaintext is gone, and so is the plaintext authentication.
            assertThat(c.command("RCPT TO:<b@example.org>").code()).isEqualTo(503);
            assertThat(c.command("MAIL FROM:<a@example.org>").last()).startsWith("530 5.7.0");
            expect(c.command("AUTH PLAIN " + ALICE_PLAIN), 235);
            expect(c.command("MAIL FROM:<a@example.org>"), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.events)
                .containsExactly(
                        "HELO plain.example", "MAIL before-tls@example.org", "HELO tls.example", "MAIL a@example.org");
    }

    @ParameterizedTest(name = "server TLS {0}")
    @EnumSource(
            value = TlsProvider.class,
            names = {"JDK", "OPENSSL"})
    void plaintextPipelinedBehindStartTlsClosesTheConnectionAndNeverReachesTheHandler(TlsProvider provider)
            throws Exception {
        RecordingHandler handler = new RecordingHandler();
        int port = bind(requiredTls(provider), handler);
        String received;
        try (SmtpWire c = SmtpWire.connect(port)) {
            expect(c.reply(), 220);
            expect(c.command("EHLO client.example"), 250);
            c.write("STARTTLS\r\nEHLO injected.example\r\nMAIL FROM:<injected@evil.example>\r\n");
            received = c.readToEof();
        }
        assertThat(received).doesNotContain("250");
        assertThat(handler.eventsContaining("injected")).isEmpty();
        assertThat(handler.events).containsExactly("HELO client.example");
        // The server itself is fine: the next client gets a normal session.
        try (SmtpWire c = SmtpWire.connect(port)) {
            c.ehloStartTlsEhlo("next.example");
            expect(c.command("QUIT"), 221);
        }
    }

    // ---- SMTP smuggling: only CRLF.CRLF ends the data

    static Stream<Arguments> smugglingEnds() {
        return Stream.of(
                Arguments.of("LF.LF", "\n.\n", "\r\n.\r\n"),
                Arguments.of("LF.CRLF", "\n.\r\n", "\r\n.\r\n"),
                Arguments.of("CR.CR", "\r.\r", "\r\n.\r\n"),
                // A dot line after a real CRLF but ended by a bare LF: the dot is unstuffed, the LF normalised.
                Arguments.of("CRLF.LF", "\r\n.\n", "\r\n\r\n"));
    }

    private static final String SMUGGLED = "MAIL FROM:<smuggled@evil.example>\r\nRCPT TO:<victim@example.org>\r\n"
            + "DATA\r\nSubject: smuggled\r\n\r\nsmuggled body\r\n";

    @ParameterizedTest(name = "{0}, handler reads content: {3}")
    @MethodSource("smugglingUnderReject")
    void smugglingUnderRejectIsRefusedAfterTheRealEnd(String name, String fakeEnd, String normalised, boolean read)
            throws Exception {
        RecordingHandler handler = new RecordingHandler();
        if (!read) {
            handler.onMessage(message -> Mono.empty()); // a handler that decides on the envelope alone
        }
        try (SmtpWire c = openData(bind(plain(), handler))) {
            c.write("Subject: hello\r\n\r\nhello" + fakeEnd + SMUGGLED + ".\r\n");
            assertThat(c.reply().last()).startsWith("550 5.6.0");
            // In step: exactly one reply per command, none for the smuggled ones.
            expect(c.command("NOOP"), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.eventsContaining("smuggled")).isEmpty();
        assertThat(handler.eventsContaining("victim")).isEmpty();
        assertThat(handler.messages).isEmpty();
        if (read) {
            assertThat(handler.contentErrors)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            MessageRejectedException.class,
                            e -> assertThat(e.reply().code()).isEqualTo(550));
        }
    }

    static Stream<Arguments> smugglingUnderReject() {
        return smugglingEnds()
                .flatMap(a ->
                        Stream.of(true, false).map(read -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], read)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smugglingEnds")
    void smugglingUnderNormalizeIsOneMessageWithCrlf(String name, String fakeEnd, String normalised) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpWire c = openData(bind(plain().lineEndings(LineEndingPolicy.NORMALIZE), handler))) {
            c.write("Subject: hello\r\n\r\nhello" + fakeEnd + SMUGGLED + ".\r\n");
            expect(c.reply(), 250);
            expect(c.command("NOOP"), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.messages).hasSize(1);
        assertThat(new String(handler.messages.get(0), US_ASCII))
                .isEqualTo("Subject: hello\r\n\r\nhello" + normalised + SMUGGLED);
        assertThat(handler.eventsContaining("smuggled")).isEmpty();
        assertThat(handler.events).containsOnlyOnce("MAIL sender@example.org");
    }

    // ---- data transparency

    @ParameterizedTest(name = "one byte per write: {0}")
    @ValueSource(booleans = {false, true})
    void dotUnstuffing(boolean bytewise) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        String wire = "Subject: dots\r\n\r\n..x\r\n...\r\n..\r\nmid.dle.\r\n .space\r\n.\r\n";
        try (SmtpWire c = openData(bind(plain(), handler))) {
            if (bytewise) {
                for (byte b : wire.getBytes(US_ASCII)) {
                    c.write(new byte[] {b});
                }
            } else {
                c.write(wire);
            }
            expect(c.reply(), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.messages).hasSize(1);
        assertThat(new String(handler.messages.get(0), US_ASCII))
                .isEqualTo("Subject: dots\r\n\r\n.x\r\n..\r\n.\r\nmid.dle.\r\n .space\r\n");
    }

    // ---- limits

    @Test
    void sizeDeclaredInMailFromOverTheMaximumIsRefused() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpWire c = SmtpWire.connect(bind(plain().maxMessageSize(100), handler))) {
            expect(c.reply(), 220);
            Reply ehlo = expect(c.command("EHLO client.example"), 250);
            assertThat(ehlo.extensions()).contains("SIZE 100");
            assertThat(c.command("MAIL FROM:<a@example.org> SIZE=101").last())
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            expect(c.command("MAIL FROM:<a@example.org> SIZE=100"), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.events).containsExactly("HELO client.example", "MAIL a@example.org");
    }

    enum ContentUse {
        READS_AND_PROPAGATES,
        IGNORES_CONTENT,
        SWALLOWS_CONTENT_ERROR
    }

    @ParameterizedTest(name = "handler {0}")
    @EnumSource(ContentUse.class)
    void dataOverTheMaximumIsRefusedAfterTheEndOfData(ContentUse use) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        switch (use) {
            case READS_AND_PROPAGATES -> {}
            case IGNORES_CONTENT -> handler.onMessage(message -> Mono.empty());
            case SWALLOWS_CONTENT_ERROR ->
                handler.onMessage(message -> message.bytes()
                        .doOnError(seen::add)
                        .onErrorResume(e -> Mono.empty())
                        .then());
        }
        String line = "x".repeat(60) + "\r\n";
        try (SmtpWire c = openData(bind(plain().maxMessageSize(100), handler))) {
            c.write("Subject: big\r\n\r\n" + line + line + line + ".\r\n");
            assertThat(c.reply().last()).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            expect(c.command("NOOP"), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.messages).isEmpty();
        if (use == ContentUse.READS_AND_PROPAGATES) {
            assertThat(handler.contentErrors)
                    .singleElement()
                    .isInstanceOfSatisfying(
                            MessageRejectedException.class,
                            e -> assertThat(e.reply().code()).isEqualTo(552));
        }
        if (use == ContentUse.SWALLOWS_CONTENT_ERROR) {
            assertThat(seen).singleElement().isInstanceOf(MessageRejectedException.class);
        }
    }

    @Test
    void moreRecipientsThanTheMaximumGet452() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpWire c = SmtpWire.connect(bind(plain().maxRecipients(2), handler))) {
            expect(c.reply(), 220);
            expect(c.command("EHLO client.example"), 250);
            expect(c.command("MAIL FROM:<a@example.org>"), 250);
            expect(c.command("RCPT TO:<one@example.org>"), 250);
            expect(c.command("RCPT TO:<two@example.org>"), 250);
            assertThat(c.command("RCPT TO:<three@example.org>").last()).isEqualTo("452 4.5.3 Too many recipients");
            expect(c.command("DATA"), 354);
            c.write("Subject: two\r\n\r\nhi\r\n.\r\n");
            expect(c.reply(), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.events).contains("MESSAGE [one@example.org, two@example.org]");
        assertThat(handler.eventsContaining("three")).isEmpty();
    }

    // ---- nothing lost: the reply follows the handler

    @Test
    void theReplyToTheEndOfDataComesOnlyAfterTheHandlerCompleted() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        RecordingHandler handler = new RecordingHandler()
                .onMessage(message -> message.bytes()
                        .flatMap(bytes -> Mono.delay(Duration.ofMillis(300)))
                        .doOnSuccess(x -> order.add("handler completed"))
                        .then());
        try (SmtpWire c = openData(bind(plain(), handler))) {
            c.write("Subject: slow\r\n\r\nsaved slowly\r\n.\r\n");
            Reply reply = c.reply();
            order.add("client read " + reply.code());
            expect(c.command("QUIT"), 221);
        }
        assertThat(order).containsExactly("handler completed", "client read 250");
    }

    @Test
    void handlerErrorsBecome451AndRejectionsTheirExactReply() throws Exception {
        RecordingHandler handler = new RecordingHandler()
                .onMailFrom(from -> from.startsWith("broken")
                        ? Mono.error(new IllegalStateException("database down"))
                        : Mono.empty())
                .onRcptTo(rcpt -> rcpt.startsWith("nobody")
                        ? Mono.error(new SmtpRejectException(550, "5.1.1", "No such user here"))
                        : Mono.empty());
        List<String> messageReplies = new ArrayList<>();
        try (SmtpWire c = SmtpWire.connect(bind(plain(), handler))) {
            expect(c.reply(), 220);
            expect(c.command("EHLO client.example"), 250);
            assertThat(c.command("MAIL FROM:<broken@example.org>").last())
                    .isEqualTo("451 4.3.0 Local error in processing");
            expect(c.command("MAIL FROM:<a@example.org>"), 250);
            assertThat(c.command("RCPT TO:<nobody@example.org>").last()).isEqualTo("550 5.1.1 No such user here");
            expect(c.command("RCPT TO:<b@example.org>"), 250);
            for (Mono<Void> outcome : List.<Mono<Void>>of(
                    Mono.error(new IllegalStateException("disk full")),
                    Mono.error(new SmtpRejectException(554, "5.7.1", "Message refused by policy")))) {
                handler.onMessage(message -> message.bytes().then(outcome));
                if (messageReplies.size() > 0) {
                    expect(c.command("MAIL FROM:<a@example.org>"), 250);
                    expect(c.command("RCPT TO:<b@example.org>"), 250);
                }
                expect(c.command("DATA"), 354);
                c.write("Subject: x\r\n\r\nx\r\n.\r\n");
                messageReplies.add(c.reply().last());
            }
            expect(c.command("QUIT"), 221);
        }
        assertThat(messageReplies)
                .containsExactly("451 4.3.0 Local error in processing", "554 5.7.1 Message refused by policy");
    }

    @ParameterizedTest(name = "client {0}")
    @ValueSource(strings = {"half-closes (FIN) and keeps reading", "resets (RST)"})
    void aConnectionLostMidDataFailsTheContentAndIsNeverAcknowledged(String how) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        String afterData;
        try (SmtpWire c = openData(bind(plain(), handler))) {
            c.write("Subject: cut\r\n\r\nfirst line\r\nsecond li");
            if (how.startsWith("half")) {
                c.shutdownOutput();
                handler.awaitMessageEnd(WAIT);
                afterData = c.readToEof();
            } else {
                handler.awaitMessageStart(WAIT); // the reset then cuts a message the handler is reading
                c.resetOnClose();
                c.close();
                handler.awaitMessageEnd(WAIT);
                afterData = "";
            }
        }
        assertThat(afterData).doesNotContain("250");
        assertThat(handler.messages).isEmpty();
        assertThat(handler.contentErrors).hasSize(1);
        if (how.startsWith("half")) {
            assertThat(handler.contentErrors.get(0)).isInstanceOf(ConnectionClosedException.class);
        }
        assertThat(handler.events).noneMatch(e -> e.equals("MESSAGE completed"));
        assertThat(handler.events).anyMatch(e -> e.startsWith("MESSAGE failed"));
    }

    // ---- BDAT (RFC 3030)

    @Test
    void bdatChunksWithLastAreDeliveredVerbatim() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        String chunk1 = "Subject: chunked\r\n";
        String chunk2 = "\r\n..not unstuffed\r\nbare\nLF\r\n.\r\nstill data\r\n";
        try (SmtpWire c = SmtpWire.connect(bind(plain(), handler))) {
            expect(c.reply(), 220);
            assertThat(c.command("EHLO client.example").extensions()).contains("CHUNKING");
            // Everything pipelined in one write: the server must count, not look for line ends.
            c.write("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n"
                    + "BDAT " + chunk1.length() + "\r\n" + chunk1
                    + "BDAT " + chunk2.length() + "\r\n" + chunk2
                    + "BDAT 0 LAST\r\nNOOP\r\n");
            expect(c.reply(), 250);
            expect(c.reply(), 250);
            assertThat(c.reply().last()).isEqualTo("250 2.0.0 " + chunk1.length() + " octets received");
            assertThat(c.reply().last()).isEqualTo("250 2.0.0 " + chunk2.length() + " octets received");
            assertThat(c.reply().last()).isEqualTo("250 2.0.0 Ok: message accepted");
            expect(c.reply(), 250); // NOOP
            // A second message in the same session, in one chunk.
            expect(c.command("MAIL FROM:<a@example.org>"), 250);
            expect(c.command("RCPT TO:<b@example.org>"), 250);
            c.write("BDAT 5 LAST\r\nhello");
            expect(c.reply(), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.messages).hasSize(2);
        assertThat(new String(handler.messages.get(0), US_ASCII)).isEqualTo(chunk1 + chunk2);
        assertThat(new String(handler.messages.get(1), US_ASCII)).isEqualTo("hello");
    }

    @Test
    void aRefusedBdatStillConsumesItsChunk() throws Exception {
        RecordingHandler handler = new RecordingHandler()
                .onMailFrom(from -> from.startsWith("blocked")
                        ? Mono.error(new SmtpRejectException(550, "5.7.1", "Sender blocked"))
                        : Mono.empty());
        // A pipelining client whose MAIL is refused: its BDAT payload must stay data, never become commands.
        String payload = "RSET\r\nMAIL FROM:<smuggled@evil.example>\r\nRCPT TO:<victim@example.org>\r\n";
        List<Reply> replies = new ArrayList<>();
        try (SmtpWire c = SmtpWire.connect(bind(plain(), handler))) {
            expect(c.reply(), 220);
            expect(c.command("EHLO client.example"), 250);
            c.write("MAIL FROM:<blocked@example.org>\r\nRCPT TO:<b@example.org>\r\n" + "BDAT " + payload.length()
                    + " LAST\r\n" + payload + "QUIT\r\n");
            for (int i = 0; i < 4; i++) {
                replies.add(c.reply());
            }
            assertThat(c.readToEof()).isEmpty();
        }
        assertThat(replies.stream().map(r -> r.code()).toList()).containsExactly(550, 503, 503, 221);
        assertThat(handler.eventsContaining("smuggled")).isEmpty();
        assertThat(handler.eventsContaining("victim")).isEmpty();
    }

    @Test
    void aBdatRefusedBeforeStartTlsStillConsumesItsChunk() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpWire c = SmtpWire.connect(bind(requiredTls(), handler))) {
            expect(c.reply(), 220);
            expect(c.command("EHLO client.example"), 250);
            c.write("BDAT 6 LAST\r\nNOOP\r\nQUIT\r\n");
            assertThat(c.reply().last()).isEqualTo(MUST_STARTTLS);
            expect(c.reply(), 221);
        }
    }

    @Test
    void aBdatWhoseChunkCannotBeSkippedEndsTheSession() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpWire c = SmtpWire.connect(bind(plain(), handler))) {
            expect(c.reply(), 220);
            expect(c.command("EHLO client.example"), 250);
            c.write("BDAT twelve LAST\r\nMAIL FROM:<smuggled@evil.example>\r\n");
            assertThat(c.reply().last()).startsWith("501 5.5.4");
            assertThat(c.readToEof()).isEmpty();
        }
        assertThat(handler.eventsContaining("smuggled")).isEmpty();
    }

    // ---- unknown commands

    @Test
    void unknownCommandsGet500AndTheTwentiethEndsTheSession() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (SmtpWire c = SmtpWire.connect(bind(plain(), handler))) {
            expect(c.reply(), 220);
            for (int i = 1; i < 20; i++) {
                assertThat(c.command("XYZZY " + i).last()).isEqualTo("500 5.5.2 Command unrecognized");
            }
            assertThat(c.command("XYZZY 20").last()).startsWith("421 4.7.0");
            assertThat(c.readToEof()).isEmpty();
        }
    }

    // ---- LMTP (RFC 2033)

    @Test
    void lmtpAnswersEachRecipientAfterTheData() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        handler.onMessage(message -> message.bytes()
                .doOnNext(handler.messages::add)
                .doOnNext(bytes -> message.rejectRecipient(
                        "bob@example.org", new SmtpRejectException(550, "5.1.1", "No such mailbox: bob")))
                .then());
        SmtpServer lmtp = SmtpServer.createLmtp().host("127.0.0.1").port(0).tlsMode(TlsMode.NONE);
        try (SmtpWire c = SmtpWire.connect(bind(lmtp, handler))) {
            assertThat(c.reply().last()).contains("LMTP");
            assertThat(c.command("EHLO client.example").code()).isEqualTo(500);
            assertThat(c.command("HELO client.example").code()).isEqualTo(500);
            expect(c.command("LHLO client.example"), 250);
            expect(c.command("MAIL FROM:<a@example.org>"), 250);
            for (String r : List.of("alice", "bob", "carol")) {
                expect(c.command("RCPT TO:<" + r + "@example.org>"), 250);
            }
            expect(c.command("DATA"), 354);
            c.write("Subject: lmtp\r\n\r\nhi\r\n.\r\n");
            assertThat(List.of(c.reply().last(), c.reply().last(), c.reply().last()))
                    .containsExactly(
                            "250 2.1.5 <alice@example.org> delivered",
                            "550 5.1.1 No such mailbox: bob",
                            "250 2.1.5 <carol@example.org> delivered");
            // A handler failure is one reply per recipient too.
            handler.onMessage(message -> Mono.error(new SmtpRejectException(452, "4.2.2", "Mailbox full")));
            expect(c.command("MAIL FROM:<a@example.org>"), 250);
            expect(c.command("RCPT TO:<alice@example.org>"), 250);
            expect(c.command("RCPT TO:<carol@example.org>"), 250);
            expect(c.command("DATA"), 354);
            c.write("Subject: lmtp\r\n\r\nagain\r\n.\r\n");
            assertThat(List.of(c.reply().last(), c.reply().last()))
                    .containsExactly("452 4.2.2 Mailbox full", "452 4.2.2 Mailbox full");
            expect(c.command("NOOP"), 250);
            expect(c.command("QUIT"), 221);
        }
        assertThat(handler.messages).hasSize(1);
        assertThat(new String(handler.messages.get(0), US_ASCII)).isEqualTo("Subject: lmtp\r\n\r\nhi\r\n");
    }
}
