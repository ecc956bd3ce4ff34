package dev.startle.samples.probe;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells a waiting user what the probe waits for when a phase is slow: a line on stderr after one second, and again
 * every three seconds. Silent unless enabled (an interactive terminal, or {@code --verbose}).
 */
final class Progress implements AutoCloseable {
    private static final long FIRST_MILLIS = 1000;
    private static final long EVERY_MILLIS = 3000;

    private final PrintStream err;
    private final ScheduledExecutorService timer;

    Progress(PrintStream err, boolean enabled) {
        this.err = err;
        this.timer = enabled
                ? Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "startle-probe-progress");
                    t.setDaemon(true);
                    return t;
                })
                : null;
    }

    /** A watched phase; closing it stops the notices. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** Starts watching a phase; close the handle when the phase ends. */
    Watch watch(String phase) {
        if (timer == null) {
            return () -> {};
        }
        long start = System.nanoTime();
        ScheduledFuture<?> task = timer.scheduleAtFixedRate(
                () -> err.printf(
                        Locale.ROOT, "... %s: still waiting after %.1f s%n", phase, (System.nanoTime() - start) / 1e9),
                FIRST_MILLIS,
                EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
