package dev.startle.samples.probe;

import dev.startle.core.Wiretap;
import dev.startle.core.WiretapListener.Direction;
import java.io.PrintStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The {@code --verbose} transcript: the wiretap only queues lines (it runs on event loops, which must not block on a
 * terminal), and the probe's own thread prints them to stderr after each step, so they appear in order.
 */
final class Transcript {
    private final PrintStream err;
    private final boolean enabled;
    private final Queue<String> pending = new ConcurrentLinkedQueue<>();

    Transcript(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    Wiretap wiretap() {
        if (!enabled) {
            return Wiretap.disabled();
        }
        return Wiretap.to((id, direction, secure, text) ->
                pending.add((secure ? "tls   " : "plain ") + (direction == Direction.OUTBOUND ? "> " : "< ") + text));
    }

    /** A line of the probe's own, e.g. {@code * TLS handshake}. */
    void note(String text) {
        if (enabled) {
            pending.add("* " + text);
        }
    }

    /** Prints what was queued. */
    void flush() {
        for (String line; (line = pending.poll()) != null; ) {
            err.println(line);
        }
        if (enabled) {
            err.flush();
        }
    }
}
