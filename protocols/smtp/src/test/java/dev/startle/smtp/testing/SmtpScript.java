package dev.startle.smtp.testing;

import dev.startle.core.ConnectionClosedException;
import dev.startle.core.Line;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * What a {@link ScriptedSmtpServer} does on one connection: steps played in order, each reading lines one at a time
 * (never ahead, so a STARTTLS step sees exactly what the client sent before it). Immutable: each method returns a
 * longer script.
 *
 * <pre>{@code
 * SmtpScript.script()
 *         .greet()
 *         .ehlo("PIPELINING", "STARTTLS")
 *         .expectStartTls("220 2.0.0 go ahead")
 *         .ehlo("PIPELINING")
 *         .expect("MAIL FROM:<alice@example.org>").reply("250 2.1.0 Ok")
 *         .quit();
 * }</pre>
 *
 * Patterns are matched against the whole line, case-sensitively; {@code *} matches any run of characters.
 */
public final class SmtpScript {
    /** The name the scripted server gives in its greeting and EHLO reply. */
    public static final String SERVER_NAME = "scripted.test";

    private static final Pattern BDAT = Pattern.compile("BDAT ([0-9]+)( LAST)?");

    /** One step of a script. */
    interface Step {
        /** What the step does, for reports. */
        String describe();

        /** Plays the step on a connection; fails with an {@link AssertionError} on a mismatch. */
        Mono<Void> play(Conversation c);
    }

    private final List<Step> steps;

    private SmtpScript(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** An empty script. */
    public static SmtpScript script() {
        return new SmtpScript(List.of());
    }

    private SmtpScript then(Step step) {
        List<Step> longer = new ArrayList<>(steps);
        longer.add(step);
        return new SmtpScript(longer);
    }

    List<Step> steps() {
        return steps;
    }

    // ---- primitive steps

    /** Sends {@code lines} in one write (CRLF added to each). */
    public SmtpScript reply(String... lines) {
        List<String> all = List.of(lines);
        return then(step("reply " + all, c -> send(c, all)));
    }

    /** Sends the lines {@code answer} computes from the last line received (e.g. a SASL challenge). */
    public SmtpScript replyWith(Function<String, List<String>> answer) {
        return then(step(
                "reply computed from the last line",
                c -> send(c, answer.apply(c.last().text()))));
    }

    /** Reads one line, which must match {@code pattern} ({@code *} matches anything). */
    public SmtpScript expect(String pattern) {
        Pattern regex = glob(pattern);
        String what = "\"" + pattern + "\"";
        return then(step(
                "expect " + what,
                c -> c.nextLine(what, false)
                        .flatMap(line -> regex.matcher(line.text()).matches()
                                ? Mono.<Void>empty()
                                : Mono.error(c.mismatch(what, line)))));
    }

    /** Reads one line, which must be exactly {@code line} (no wildcards). */
    public SmtpScript expectExactly(String line) {
        String what = "exactly \"" + line + "\"";
        return then(step(
                "expect " + what,
                c -> c.nextLine(what, false)
                        .flatMap(got ->
                                got.text().equals(line) ? Mono.<Void>empty() : Mono.error(c.mismatch(what, got)))));
    }

    /** Reads {@code STARTTLS}, then writes {@code goAhead} in plaintext and handshakes as the TLS server. */
    public SmtpScript expectStartTls(String goAhead) {
        return then(step(
                "expect STARTTLS, go ahead with \"" + goAhead + "\"",
                c -> c.nextLine("\"STARTTLS\"", false).flatMap(line -> {
                    if (!line.text().equals("STARTTLS")) {
                        return Mono.error(c.mismatch("\"STARTTLS\"", line));
                    }
                    c.recordSent(goAhead);
                    return c.connection()
                            .upgradeToTls(goAhead)
                            .onErrorMap(e -> new AssertionError("the STARTTLS upgrade failed: " + e, e))
                            .doOnNext(x -> c.upgraded())
                            .then();
                })));
    }

    /** Reads message lines up to the terminating {@code .}; they are kept raw (dot-stuffed) in the conversation. */
    public SmtpScript expectData() {
        return then(step("expect message data up to \".\"", c -> {
            List<Line> lines = new ArrayList<>();
            return c.nextLine("a message line or \".\"", true)
                    .repeat()
                    .takeUntil(line -> line.text().equals("."))
                    .filter(line -> !line.text().equals("."))
                    .doOnNext(lines::add)
                    .then(Mono.fromRunnable(() -> c.recordData(lines)));
        }));
    }

    /** Reads one {@code BDAT <size> [LAST]} command and exactly {@code size} bytes after it. */
    public SmtpScript expectBdat() {
        String what = "\"BDAT <size> [LAST]\"";
        return then(step(
                "expect " + what,
                c -> c.nextLine(what, false).flatMap(line -> {
                    Matcher m = BDAT.matcher(line.text());
                    if (!m.matches()) {
                        return Mono.error(c.mismatch(what, line));
                    }
                    long size = Long.parseLong(m.group(1));
                    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                    Mono<Void> read = size == 0
                            ? Mono.empty()
                            : c.connection()
                                    .bytes(size)
                                    .doOnNext(buf -> {
                                        byte[] bytes = new byte[buf.readableBytes()];
                                        buf.getBytes(buf.readerIndex(), bytes);
                                        chunk.writeBytes(bytes); // the buffer is released after onNext: copy
                                    })
                                    .then()
                                    .timeout(
                                            c.stepTimeout(),
                                            Mono.error(() -> new AssertionError("the " + size + " bytes of \""
                                                    + line.text() + "\" did not arrive within " + c.stepTimeout())));
                    return read.then(Mono.fromRunnable(() -> c.recordBdat(chunk.toByteArray())));
                })));
    }

    /** Waits for the client to close the connection; any line instead is a mismatch. */
    public SmtpScript expectClose() {
        return then(step(
                "expect the client to close",
                c -> c.connection()
                        .lines()
                        .next()
                        .timeout(
                                c.stepTimeout(),
                                Mono.error(() -> new AssertionError(
                                        "the client kept the connection open for " + c.stepTimeout())))
                        .onErrorResume(ConnectionClosedException.class, e -> Mono.empty())
                        .flatMap(line -> {
                            return Mono.<Void>error(new AssertionError(
                                    "expected the client to close but received \"" + line.text() + "\""));
                        })
                        .then(Mono.fromRunnable(() -> c.recordNote("client closed")))));
    }

    /** Closes the connection. */
    public SmtpScript close() {
        return then(step("close", c -> {
            c.recordNote("server closes");
            return c.connection().close();
        }));
    }

    /** This script followed by the steps of {@code more}. */
    public SmtpScript andThen(SmtpScript more) {
        List<Step> longer = new ArrayList<>(steps);
        longer.addAll(more.steps);
        return new SmtpScript(longer);
    }

    // ---- shorthands

    /** {@code 220 scripted.test ESMTP ready}. */
    public SmtpScript greet() {
        return reply("220 " + SERVER_NAME + " ESMTP ready");
    }

    /** Reads {@code EHLO <anything>} and offers {@code keywords} (e.g. {@code "SIZE 1000"}), one per line. */
    public SmtpScript ehlo(String... keywords) {
        return expect("EHLO *").reply(ehloReply(keywords));
    }

    /** Reads {@code QUIT}, says goodbye and waits for the client to close. */
    public SmtpScript quit() {
        return expect("QUIT").reply("221 2.0.0 Bye").expectClose();
    }

    /** Says {@code 421} (service not available, closing) and closes the connection. */
    public SmtpScript reply421AndClose() {
        return reply("421 4.3.2 " + SERVER_NAME + " Service shutting down, closing connection")
                .close();
    }

    /** The lines of an EHLO reply offering {@code keywords}. */
    public static String[] ehloReply(String... keywords) {
        List<String> lines = new ArrayList<>();
        lines.add(SERVER_NAME + " greets you");
        lines.addAll(Arrays.asList(keywords));
        String[] out = new String[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = "250" + (i == out.length - 1 ? " " : "-") + lines.get(i);
        }
        return out;
    }

    // ---- machinery

    private static Mono<Void> send(Conversation c, List<String> lines) {
        return Mono.defer(() -> {
            lines.forEach(c::recordSent);
            return c.connection().send(lines.toArray(CharSequence[]::new));
        });
    }

    private static Pattern glob(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            regex.append(".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static Step step(String description, Function<Conversation, Mono<Void>> play) {
        return new Step() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public Mono<Void> play(Conversation c) {
                return Mono.defer(() -> play.apply(c));
            }
        };
    }

    @Override
    public String toString() {
        return "SmtpScript" + steps.stream().map(Step::describe).toList();
    }
}
