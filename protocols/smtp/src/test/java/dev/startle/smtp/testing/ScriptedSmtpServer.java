package dev.startle.smtp.testing;

import dev.startle.core.LineConnection;
import dev.startle.core.LineServer;
import dev.startle.core.TlsProvider;
import dev.startle.core.TlsSettings;
import dev.startle.core.testing.TestPki;
import dev.startle.smtp.client.SmtpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * An SMTP server for client tests that plays one {@link SmtpScript} per accepted connection, in accept order, on
 * {@code 127.0.0.1} and an ephemeral port, with the test PKI's localhost certificate so STARTTLS works. It records
 * everything it receives ({@link #conversation(int)}); a line the script did not expect, a client that goes silent
 * (past {@link #STEP_TIMEOUT}) or closes early, or a connection beyond the scripts, fails the script, closes the
 * connection and is reported by {@link #verify(Duration)} with the transcript.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server = ScriptedSmtpServer.start(script().greet().ehlo("PIPELINING")...quit())) {
 *     SmtpClient client = server.client().tlsMode(TlsMode.NONE);
 *     ...
 *     server.verify(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * After its last step a script keeps the connection open until the client closes it; any further line is a failure.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    /** How long a step waits for the client. */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

    private final List<SmtpScript> scripts;
    private final List<CompletableFuture<Conversation>> started = new ArrayList<>();
    private final List<Conversation> conversations = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final DisposableServer server;

    private ScriptedSmtpServer(LineServer config, List<SmtpScript> scripts) {
        this.scripts = List.copyOf(scripts);
        for (int i = 0; i < scripts.size(); i++) {
            started.add(new CompletableFuture<>());
        }
        this.server = config.host("127.0.0.1").port(0).bind(this::serve).block(BIND_TIMEOUT);
    }

    /** Plays {@code scripts} on the connections it accepts: the first script on the first connection, and so on. */
    public static ScriptedSmtpServer start(SmtpScript... scripts) {
        return start(UnaryOperator.identity(), scripts);
    }

    /**
     * As {@link #start(SmtpScript...)}, with the server configured by {@code configure} (e.g. {@code
     * s -> s.readAhead(false)}), applied to a {@link LineServer} with the test PKI's server certificate.
     */
    public static ScriptedSmtpServer start(UnaryOperator<LineServer> configure, SmtpScript... scripts) {
        if (scripts.length == 0) {
            throw new IllegalArgumentException("at least one script");
        }
        LineServer base = LineServer.create().tls(TestPki.get().serverTls(TlsProvider.JDK));
        return new ScriptedSmtpServer(configure.apply(base), List.of(scripts));
    }

    /** The bound port on 127.0.0.1. */
    public int port() {
        return server.port();
    }

    /** Client TLS settings that trust the test CA and expect the server's certificate name. */
    public static TlsSettings clientTls() {
        return TestPki.get().clientTls(TlsProvider.JDK).withServerName("localhost");
    }

    /**
     * A client for this server: 127.0.0.1 and its port, {@link #clientTls()}, connect and reply timeouts of
     * {@link #STEP_TIMEOUT}; otherwise the client's defaults (so {@code STARTTLS_REQUIRED}).
     */
    public SmtpClient client() {
        return SmtpClient.create()
                .host("127.0.0.1")
                .port(port())
                .tls(clientTls())
                .connectTimeout(STEP_TIMEOUT)
                .replyTimeout(STEP_TIMEOUT);
    }

    /** How many connections were accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** The conversation on the {@code number}-th accepted connection (1-based). */
    public Conversation conversation(int number) {
        if (number < 1 || number > conversations.size()) {
            throw new AssertionError("no connection #" + number + "; accepted " + accepted());
        }
        return conversations.stream()
                .filter(c -> c.number() == number)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no connection #" + number));
    }

    /**
     * Waits until every script has run to its end, then fails with the transcripts if any script failed or a
     * connection arrived that no script was written for.
     */
    public void verify(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            if (!waitFor(started.get(i), deadline)) {
                problems.add("script #" + (i + 1) + " never ran: only " + accepted() + " connection(s) accepted");
                continue;
            }
            Conversation c = started.get(i).join();
            if (!waitFor(c.finished(), deadline)) {
                problems.add("script #" + (i + 1) + " did not finish within " + timeout + "\n" + c.transcript());
            }
        }
        problems.addAll(failures());
        if (!problems.isEmpty()) {
            throw new AssertionError("the scripted SMTP server saw a problem:\n" + String.join("\n", problems));
        }
    }

    private List<String> failures() {
        List<String> out = new ArrayList<>();
        for (Conversation c : conversations) {
            c.failure().ifPresent(e -> out.add(e.getMessage() + "\n" + c.transcript()));
        }
        return out;
    }

    /**
     * Stops the server and closes every connection; fails if a script failed (so a failure after {@link #verify} is
     * not lost).
     */
    @Override
    public void close() {
        List<String> problems = failures();
        try {
            for (Conversation c : conversations) {
                c.connection().close().onErrorResume(e -> Mono.empty()).block(BIND_TIMEOUT);
            }
        } finally {
            server.disposeNow(BIND_TIMEOUT);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the scripted SMTP server saw a problem:\n" + String.join("\n", problems));
        }
    }

    // ---- serving

    private Mono<Void> serve(LineConnection connection) {
        int number = accepted.incrementAndGet();
        if (number > scripts.size()) {
            Conversation c = new Conversation(number, 0, connection, STEP_TIMEOUT);
            conversations.add(c);
            c.fail(new AssertionError("unexpected connection #" + number + ": only " + scripts.size() + " scripted"));
            return connection
                    .send("421 4.3.2 " + SmtpScript.SERVER_NAME + " no script for this connection")
                    .onErrorResume(e -> Mono.empty());
        }
        List<SmtpScript.Step> steps = scripts.get(number - 1).steps();
        Conversation c = new Conversation(number, steps.size(), connection, STEP_TIMEOUT);
        conversations.add(c);
        started.get(number - 1).complete(c);
        AtomicInteger index = new AtomicInteger();
        return Flux.fromIterable(steps)
                .concatMap(
                        step -> {
                            c.startStep(index.incrementAndGet(), step.describe());
                            return step.play(c);
                        },
                        0)
                .then(Mono.fromRunnable(c::scriptCompleted))
                .then(Mono.defer(() -> afterScript(c)))
                .onErrorResume(e -> {
                    c.fail(e);
                    return Mono.empty();
                });
    }

    /** Holds the connection open until the client closes it; a line now is one the script did not expect. */
    private static Mono<Void> afterScript(Conversation c) {
        if (!c.connection().isOpen()) {
            return Mono.empty();
        }
        return c.connection()
                .lines()
                .next()
                .onErrorResume(e -> Mono.empty())
                .flatMap(line -> Mono.error(new AssertionError("received \"" + line.text()
                        + "\" after the end of the script (" + (line.isSecure() ? "tls" : "plain") + ")")));
    }

    /** Whether {@code future} completed before the deadline. */
    private static boolean waitFor(CompletableFuture<?> future, long deadlineNanos) {
        try {
            future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
