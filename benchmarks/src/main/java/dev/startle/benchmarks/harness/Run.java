package dev.startle.benchmarks.harness;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What the workers of one client JVM report to: messages done, errors, latencies while the window is open. */
final class Run {
    private static final int MAX_SAMPLES = 1 << 20;

    private final LongAdder messages = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final long[] samples = new long[MAX_SAMPLES];
    private final AtomicInteger sampleCount = new AtomicInteger();
    private final long hardDeadlineNanos;
    private volatile boolean running = true;
    private volatile boolean recording;

    /** Workers stop by themselves at {@code hardDeadlineNanos} ({@link System#nanoTime()}) whatever happens. */
    Run(long hardDeadlineNanos) {
        this.hardDeadlineNanos = hardDeadlineNanos;
    }

    /** Whether workers should go on. */
    boolean running() {
        return running && System.nanoTime() < hardDeadlineNanos;
    }

    void stop() {
        running = false;
    }

    void recording(boolean on) {
        recording = on;
    }

    /** One message (or cycle) done, started at {@code startNanos}. */
    void ok(long startNanos) {
        messages.increment();
        if (recording) {
            int i = sampleCount.getAndIncrement();
            if (i < MAX_SAMPLES) {
                samples[i] = System.nanoTime() - startNanos;
            }
        }
    }

    void error(Throwable t) {
        errors.increment();
        if (firstError.compareAndSet(null, t)) {
            System.err.println("first error: " + t);
            t.printStackTrace();
        }
    }

    long messages() {
        return messages.sum();
    }

    long errors() {
        return errors.sum();
    }

    /** The {@code q} quantile of the latencies recorded in the window, in microseconds (-1 without samples). */
    long quantileMicros(double q) {
        int n = Math.min(sampleCount.get(), MAX_SAMPLES);
        if (n == 0) {
            return -1;
        }
        long[] copy = Arrays.copyOf(samples, n);
        Arrays.sort(copy);
        int index = (int) Math.min(n - 1, Math.round(q * (n - 1)));
        return copy[index] / 1000;
    }

    /** Sleeps for backing off after an error, without ever throwing. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
