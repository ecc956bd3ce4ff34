package dev.startle.samples.quickstart;

import dev.startle.core.TlsInfo;
import dev.startle.smtp.SendResult;
import dev.startle.smtp.SmtpMessage;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.client.SmtpSession;
import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * The client side: one {@link SmtpSession} (greeting, EHLO, STARTTLS, EHLO again, AUTH), then one transaction when
 * there is a message, then QUIT. Prints the transcript while it runs and what TLS negotiated.
 */
final class SendMail {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private SendMail() {}

    /** Runs the session; returns the result of the send, or null when there was no message to send. */
    static SendResult run(SmtpClient client, SmtpMessage message, Transcript transcript, PrintStream out)
            throws InterruptedException {
        CompletableFuture<SendResult> done = Mono.usingWhen(
                        client.session(),
                        session -> Mono.fromRunnable(() -> report(session, transcript))
                                .then(message == null ? Mono.<SendResult>empty() : session.send(message)),
                        SmtpSession::quit,
                        (session, error) -> session.quit().onErrorResume(e -> Mono.empty()),
                        SmtpSession::quit)
                .toFuture();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                try {
                    SendResult result = done.get(50, TimeUnit.MILLISECONDS);
                    transcript.drain();
                    return result;
                } catch (TimeoutException stillRunning) {
                    transcript.drain();
                    if (System.nanoTime() > deadline) {
                        done.cancel(true);
                        throw new IllegalStateException("no result within " + WAIT.toSeconds() + " s");
                    }
                }
            }
        } catch (ExecutionException e) {
            transcript.drain();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** What the session learned, queued as program lines (called on the event loop: it must not print). */
    private static void report(SmtpSession session, Transcript transcript) {
        transcript.note(session.tls().map(SendMail::describe).orElse("no TLS: the session runs in plaintext"));
        transcript.note("server offers over TLS: "
                + String.join(" ", session.extensions().keywords())
                + (session.isAuthenticated() ? "; authenticated" : "; not authenticated"));
    }

    static String describe(TlsInfo tls) {
        String subject = tls.peerCertificates().isEmpty()
                ? "(no certificate)"
                : subject(tls.peerCertificates().get(0));
        return String.format(
                Locale.ROOT,
                "TLS: %s, %s, provider %s, handshake %d ms, server certificate %s",
                tls.protocol(),
                tls.cipherSuite(),
                tls.provider(),
                tls.handshakeDuration().toMillis(),
                subject);
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName() + " issued by "
                + cert.getIssuerX500Principal().getName();
    }
}
