package dev.startle.samples.quickstart;

import dev.startle.core.Wiretap;
import dev.startle.core.WiretapListener.Direction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The client's side of the conversation as Startle's wiretap sees it, grouped into phases (connect and greeting, EHLO,
 * STARTTLS,
 * TLS handshake, EHLO over TLS, AUTH, transaction, QUIT) and timed. The wiretap runs on the event loop, so it only
 * queues; {@link #drain()} prints from the caller's thread.
 */
final class Transcript {
    private record Entry(long nanos, Direction direction, boolean secure, String text) {}

    private final PrintStream out;
    private final long start;
    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final Map<String, long[]> phases = new LinkedHashMap<>();
    private String phase;
    private long last;

    Transcript(PrintStream out, long start) {
        this.out = out;
        this.start = start;
    }

    Wiretap wiretap() {
        return Wiretap.to(
                (id, direction, secure, text) -> queue.add(new Entry(System.nanoTime(), direction, secure, text)));
    }

    /** A line of the program's own, printed now (after what the wiretap queued). */
    void say(String text) {
        drain();
        out.printf(Locale.ROOT, "%7d ms  == %s%n", millis(System.nanoTime()), text);
    }

    /** Starts the first phase: connecting (until the server's greeting). */
    void connecting(String text) {
        say(text);
        enter("connect and greeting", System.nanoTime());
    }

    /** A line of the program's own, queued in order with the wiretap's (safe on an event loop). */
    void note(String text) {
        queue.add(new Entry(System.nanoTime(), null, false, text));
    }

    /** Prints what the wiretap queued so far. */
    void drain() {
        for (Entry e; (e = queue.poll()) != null; ) {
            print(e);
        }
    }

    /** Ends the last phase and prints how long each took. */
    void printTimings() {
        drain();
        enter(null, last);
        out.println();
        out.println("Timings (client side, from the wiretap)");
        phases.forEach((name, span) -> out.printf(
                Locale.ROOT,
                "  %-34s %6d ms%n",
                name,
                Duration.ofNanos(span[1] - span[0]).toMillis()));
    }

    private void print(Entry e) {
        last = e.nanos();
        String text = e.text();
        if (e.direction() == null) {
            out.printf(Locale.ROOT, "%7d ms  == %s%n", millis(e.nanos()), text);
            return;
        }
        boolean outbound = e.direction() == Direction.OUTBOUND;
        String verb = text.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        if (text.startsWith("<redacted")) {
            enter("AUTH (credentials redacted)", e.nanos());
        } else if (outbound) {
            switch (verb) {
                case "EHLO", "HELO" -> enter(e.secure() ? "EHLO again, over TLS" : "EHLO", e.nanos());
                case "STARTTLS" -> enter("STARTTLS", e.nanos());
                case "AUTH" -> enter("AUTH (credentials redacted)", e.nanos());
                case "MAIL" -> enter("transaction", e.nanos());
                case "QUIT" -> enter("QUIT", e.nanos());
                default -> {}
            }
        } else if (phase == null) {
            enter("connect and greeting", e.nanos());
        }
        if (text.startsWith("<TLS established")) {
            out.printf(Locale.ROOT, "%7d ms        %s%n", millis(e.nanos()), text);
        } else {
            out.printf(
                    Locale.ROOT,
                    "%7d ms  %s %s %s%n",
                    millis(e.nanos()),
                    e.secure() ? "tls  " : "plain",
                    outbound ? "C:" : "S:",
                    text);
        }
        if (!outbound && "STARTTLS".equals(phase) && text.startsWith("220")) {
            // The go-ahead: from here until the next command, the two sides are handshaking.
            enter("TLS handshake", e.nanos());
        }
    }

    private void enter(String next, long nanos) {
        if (next != null && next.equals(phase)) {
            return;
        }
        if (phase != null) {
            phases.get(phase)[1] = nanos;
        }
        phase = next;
        if (next != null) {
            phases.put(next, new long[] {nanos, nanos});
            out.println("  -- " + next + " --");
        }
    }

    private long millis(long nanos) {
        return (nanos - start) / 1_000_000;
    }
}
