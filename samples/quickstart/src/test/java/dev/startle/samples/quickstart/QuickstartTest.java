package dev.startle.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The embedded demo, run in-process: the message must arrive intact, over TLS, authenticated. */
class QuickstartTest {

    @Test
    void theMessageArrivesIntactOverTlsWithAuth() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Quickstart.Outcome outcome;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            outcome = Quickstart.embedded(out);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);

        assertThat(outcome.intact()).as(printed).isTrue();
        assertThat(outcome.result().secure()).isTrue();
        DemoServer.Delivery delivery = outcome.delivery();
        assertThat(delivery.user()).isEqualTo(DemoServer.USER);
        assertThat(delivery.tls()).startsWith("TLSv1.3");
        assertThat(delivery.recipients()).containsExactly(DemoServer.USER);

        ReceivedView view = ReceivedView.parse(delivery.content());
        assertThat(view.headers()).contains("Subject: " + DemoMessage.SUBJECT);
        assertThat(view.text().replace("\r\n", "\n")).isEqualTo(DemoMessage.TEXT);
        assertThat(view.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo(DemoMessage.ATTACHMENT);
            assertThat(a.contentType()).isEqualTo("text/csv");
            assertThat(a.content()).isEqualTo(DemoMessage.attachment());
        });

        // The transcript shows every phase, the redacted AUTH, and no credentials.
        assertThat(printed)
                .contains("-- connect and greeting --", "-- EHLO --", "-- STARTTLS --", "-- TLS handshake --")
                .contains("-- EHLO again, over TLS --", "-- AUTH (credentials redacted) --", "-- transaction --")
                .contains("<TLS established: TLSv1.3")
                .contains("<redacted: AUTH")
                .contains("attachment: " + DemoMessage.ATTACHMENT + " (text/csv), " + DemoMessage.attachment().length)
                .contains("intact: the server received exactly the bytes the client sent")
                .doesNotContain(delivery.user() + " " + "AUTH PLAIN");
        assertThat(printed.lines().filter(l -> l.contains(" C: ") && l.contains("plain")))
                .allSatisfy(l -> assertThat(l).doesNotContain("AUTH").doesNotContain("MAIL FROM"));
    }

    @Test
    void usageErrorsReturnTwoWithoutExiting() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            assertThat(Quickstart.run(new String[] {"--bogus"}, System.out, e)).isEqualTo(2);
            assertThat(Quickstart.run(new String[] {"--port", "25"}, System.out, e))
                    .isEqualTo(2);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument --bogus", "need --host");
    }
}
