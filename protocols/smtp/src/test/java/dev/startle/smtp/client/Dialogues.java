package dev.startle.smtp.client;

import dev.startle.core.TlsMode;
import dev.startle.core.WiretapListener;
import dev.startle.smtp.MessageBody;
import dev.startle.smtp.Recipient;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.testing.ScriptedSmtpServer;
import dev.startle.smtp.testing.SmtpScript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import reactor.test.StepVerifier;

/** Messages, sends with bounded waits, and a wiretap recorder shared by the scripted-dialogue tests. */
final class Dialogues {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String ALICE = "alice@example.org";
    static final String BOB = "bob@example.net";
    static final String CAROL = "carol@example.net";
    static final String BODY =
            "From: <alice@example.org>\r\nTo: <bob@example.net>\r\nSubject: scripted\r\n\r\nHello.\r\n";
    static final String MAIL_OK = "250 2.1.0 Ok";
    static final String RCPT_OK = "250 2.1.5 Ok";
    static final String GO_AHEAD = "354 End data with <CR><LF>.<CR><LF>";
    static final String QUEUED = "250 2.0.0 Ok: queued as 4XYZ1";

    private Dialogues() {}

    /** A plaintext ({@link TlsMode#NONE}) client for {@code server}. */
    static SmtpClient plain(ScriptedSmtpServer server) {
        return server.client().tlsMode(TlsMode.NONE);
    }

    /** Greeting and EHLO offering {@code keywords}. */
    static SmtpScript greeted(String... keywords) {
        return SmtpScript.script().greet().ehlo(keywords);
    }

    /** A message from Alice with {@code body} (UTF-8) to {@code recipients}. */
    static SmtpMessage message(String body, String... recipients) {
        return SmtpMessage.of(
                ALICE,
                Arrays.stream(recipients).map(Recipient::of).toList(),
                MessageBody.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@link #BODY} from Alice to Bob. */
    static SmtpMessage toBob() {
        return message(BODY, BOB);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one message, then closes the client (QUIT for the pooled session). */
    static SendResult sendAndClose(SmtpClient client, SmtpMessage message) {
        try {
            return client.send(message).block(WAIT);
        } finally {
            client.close().block(WAIT);
        }
    }

    /** Sends one message expecting a failure, returns it, then closes the client. */
    static Throwable failureOf(SmtpClient client, SmtpMessage message) {
        try {
            return failureOf(client.send(message));
        } finally {
            client.close().block(WAIT);
        }
    }

    /** The error {@code send} fails with, within {@link #WAIT}. */
    static Throwable failureOf(reactor.core.publisher.Mono<?> send) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        StepVerifier.create(send).expectErrorSatisfies(error::set).verify(WAIT);
        return error.get();
    }

    /** Records a client's wiretap as {@code "> line"} (sent) and {@code "< line"} (received) entries. */
    static final class WireLog implements WiretapListener {
        final List<String> entries = new CopyOnWriteArrayList<>();

        @Override
        public void onLine(String connectionId, Direction direction, boolean secure, String text) {
            entries.add((direction == Direction.OUTBOUND ? "> " : "< ") + text);
        }

        /** The entries from the first one starting with {@code from} (inclusive) to the first after it with {@code to}. */
        List<String> between(String from, String to) {
            int start = indexOf(from, 0);
            int end = indexOf(to, start + 1);
            if (start < 0 || end < 0) {
                throw new AssertionError("no \"" + from + "\" ... \"" + to + "\" in " + entries);
            }
            return entries.subList(start, end + 1);
        }

        private int indexOf(String prefix, int from) {
            for (int i = Math.max(0, from); i < entries.size(); i++) {
                if (entries.get(i).startsWith(prefix)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
