package dev.startle.smtp.testing;

import dev.startle.core.Line;
import dev.startle.core.LineConnection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * What one connection to a {@link ScriptedSmtpServer} did: every line received (with {@link Line#isSecure()}), the
 * message data it captured, the transcript of both directions, and how its script ended. Safe to read from the test
 * thread while the connection runs.
 */
public final class Conversation {
    private static final int SHOWN_LINE_LENGTH = 200;

    private final int number;
    private final int steps;
    private final LineConnection connection;
    private final Duration stepTimeout;
    private final List<Line> received = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<List<Line>> data = new CopyOnWriteArrayList<>();
    private final List<byte[]> bdatChunks = new CopyOnWriteArrayList<>();
    private final List<String> transcript = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile int step;
    private volatile String stepDescription = "(not started)";
    private volatile Throwable failure;
    private volatile boolean upgraded;
    private volatile Line last;

    Conversation(int number, int steps, LineConnection connection, Duration stepTimeout) {
        this.number = number;
        this.steps = steps;
        this.connection = connection;
        this.stepTimeout = stepTimeout;
    }

    /** The connection's number, 1 for the first accepted. */
    public int number() {
        return number;
    }

    /** Every line received, commands and message data alike, in order. */
    public List<Line> received() {
        return List.copyOf(received);
    }

    /** The text of every received line that was not message data (DATA content and its final dot). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** The raw (dot-stuffed) lines of each DATA, without the terminating dot. */
    public List<List<Line>> data() {
        return List.copyOf(data);
    }

    /** The {@code index}-th DATA as it travelled: each raw line with its CRLF, without the final {@code .CRLF}. */
    public byte[] dataBytes(int index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Line line : data.get(index)) {
            out.writeBytes(line.bytes());
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }

    /** The payload of each BDAT command, in order. */
    public List<byte[]> bdatChunks() {
        return List.copyOf(bdatChunks);
    }

    /** All BDAT payloads joined: the message as the server received it. */
    public byte[] bdatBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bdatChunks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Why the script failed, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Both directions, one line per entry, e.g. {@code "plain C: EHLO [127.0.0.1]"}. */
    public List<String> transcriptLines() {
        return List.copyOf(transcript);
    }

    /** The transcript as text, with the connection number and where its script stands. */
    public String transcript() {
        StringBuilder sb = new StringBuilder("connection #")
                .append(number)
                .append(" (step ")
                .append(step)
                .append('/')
                .append(steps)
                .append(": ")
                .append(stepDescription)
                .append(")\n");
        transcript.forEach(t -> sb.append("    ").append(t).append('\n'));
        return sb.toString();
    }

    // ---- for the steps

    LineConnection connection() {
        return connection;
    }

    Duration stepTimeout() {
        return stepTimeout;
    }

    /** The last line received, for answers computed from it. */
    Line last() {
        return last;
    }

    void startStep(int index, String description) {
        step = index;
        stepDescription = description;
    }

    /**
     * The next line, recorded; a bounded wait. Fails with an {@link AssertionError} when the client closes the
     * connection or stays silent for the step timeout, naming what the script {@code expected}.
     */
    Mono<Line> nextLine(String expected, boolean messageData) {
        return connection
                .lines()
                .next()
                .timeout(
                        stepTimeout,
                        Mono.error(() -> new AssertionError(
                                "no line within " + stepTimeout + " while the script expected " + expected)))
                .switchIfEmpty(Mono.error(() ->
                        new AssertionError("the client closed the connection while the script expected " + expected)))
                .flatMap(line -> {
                    record(line, messageData);
                    if (upgraded && !line.isSecure()) {
                        return Mono.error(new AssertionError("a plaintext line after the TLS upgrade: " + line));
                    }
                    return Mono.just(line);
                });
    }

    private void record(Line line, boolean messageData) {
        last = line;
        received.add(line);
        if (!messageData) {
            commands.add(line.text());
        }
        entry(line.isSecure(), "C", line.text());
    }

    void recordSent(String line) {
        entry(connection.isSecure(), "S", line);
    }

    void recordNote(String note) {
        entry(connection.isSecure(), "*", note);
    }

    void recordData(List<Line> lines) {
        data.add(List.copyOf(lines));
    }

    void recordBdat(byte[] chunk) {
        bdatChunks.add(chunk);
        entry(
                connection.isSecure(),
                "C",
                "<" + chunk.length + " bytes: "
                        + new String(chunk, StandardCharsets.ISO_8859_1)
                                .replace("\r", "\\r")
                                .replace("\n", "\\n") + ">");
    }

    void upgraded() {
        upgraded = true;
        recordNote("TLS established");
    }

    private void entry(boolean secure, String who, String text) {
        String shown = text.length() > SHOWN_LINE_LENGTH ? text.substring(0, SHOWN_LINE_LENGTH) + "..." : text;
        transcript.add((secure ? "tls   " : "plain ") + who + ": " + shown);
    }

    /** An assertion error for a received line that is not what the script expected. */
    AssertionError mismatch(String expected, Line got) {
        return new AssertionError("expected " + expected + " but received \"" + got.text() + "\"");
    }

    /** Records the first failure (later ones are consequences). */
    void fail(Throwable error) {
        synchronized (this) {
            if (failure == null) {
                failure = error;
            }
        }
        recordNote("script failed: " + error.getMessage());
        finished.complete(null);
    }

    /** Every step has run. */
    void scriptCompleted() {
        step = steps;
        stepDescription = "script complete";
        finished.complete(null);
    }

    CompletableFuture<Void> finished() {
        return finished;
    }
}
