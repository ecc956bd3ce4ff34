package dev.startle.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts one thread per connection (platform, or virtual on JDK 21+ through reflection: this code targets 17). */
final class Threads {
    private Threads() {}

    /** A body run on its own thread, once per connection. */
    @FunctionalInterface
    interface Body {
        void run(int index) throws Exception;
    }

    /** Runs {@code n} bodies on their own threads and waits (bounded) for all of them. */
    static void runAll(int n, boolean virtual, Run run, Body body) throws Exception {
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            Runnable r = () -> {
                try {
                    body.run(index);
                } catch (Throwable t) {
                    run.error(t);
                }
            };
            Thread t = virtual ? virtualThread(r) : new Thread(null, r, "load-" + i, 256 * 1024);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            t.join(Math.max(1, left));
        }
    }

    private static Thread virtualThread(Runnable r) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> type = Class.forName("java.lang.Thread$Builder");
        return (Thread) type.getMethod("unstarted", Runnable.class).invoke(builder, r);
    }
}
