package dev.startle.benchmarks.harness;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One client in its own JVM. Throughput: starts the workers, lets them warm up, then measures a window: messages, this
 * process's CPU time (all its threads, GC and JIT included; the sink runs in another JVM), bytes allocated, latency
 * quantiles. It prints {@code WINDOW start}/{@code WINDOW end} as the window opens and closes (the orchestrator marks
 * the sink's CPU then) and one {@code RESULT} line. Memory ({@code --hold=N}): heap, Netty direct memory and RSS before
 * and after opening N idle upgraded connections. Every loop is bounded: workers stop at the end of the window or at a
 * hard deadline, and the JVM exits.
 *
 * <p>Arguments: see {@link LoadConfig}, plus {@code --warmup=s}, {@code --measure=s}, {@code --hold=N}.
 */
public final class ClientMain {
    private ClientMain() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        LoadConfig config = LoadConfig.from(args);
        double warmup = args.doubleValue("warmup", 5);
        double measure = args.doubleValue("measure", 10);
        int hold = args.intValue("hold", 0);
        Load load = create(config);
        try {
            if (hold > 0) {
                hold(load, hold);
            } else {
                throughput(load, warmup, measure, config.connections());
            }
        } finally {
            try {
                load.close();
            } catch (Exception e) {
                System.err.println("close: " + e);
            }
        }
        System.out.flush();
        System.exit(0);
    }

    static Load create(LoadConfig config) throws Exception {
        return switch (config.client()) {
            case "startle" -> new StartleLoad(config);
            case "angus" -> new AngusLoad(config);
            case "vertx" -> new VertxLoad(config);
            case "socket" -> new SocketLoad(config);
            case "netty" -> new NettyLoad(config);
            default -> throw new IllegalArgumentException("unknown client " + config.client());
        };
    }

    private static void throughput(Load load, double warmup, double measure, int connections) throws Exception {
        long total = (long) ((warmup + measure + 120) * 1e9);
        Run run = new Run(System.nanoTime() + total);
        Thread driver = new Thread(
                () -> {
                    try {
                        load.run(run);
                    } catch (Throwable t) {
                        run.error(t);
                    }
                },
                "driver");
        driver.setDaemon(true);
        driver.start();
        sleep(warmup);
        // On a loaded machine setting up many connections can outlast the warm-up: wait (bounded) until every
        // connection has done some work, so the window measures the steady state.
        long setUpDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (run.messages() < 3L * connections && System.nanoTime() < setUpDeadline) {
            Thread.sleep(100);
        }
        String profile = System.getProperty("startle.bench.profile", "");
        if (!profile.isEmpty()) {
            one.profiler.AsyncProfiler.getInstance().execute("start,event=cpu,interval=1ms");
        }
        Snapshot a = Snapshot.now(run);
        run.recording(true);
        System.out.println("WINDOW start");
        System.out.flush();
        sleep(measure);
        Snapshot b = Snapshot.now(run);
        run.recording(false);
        if (!profile.isEmpty()) {
            // the measurement window only: warm-up, JIT of the start and shutdown stay out of the profile
            one.profiler.AsyncProfiler.getInstance().execute("stop,file=" + profile + ",flat=40,traces=25");
        }
        System.out.println("WINDOW end");
        System.out.flush();
        run.stop();
        driver.join(TimeUnit.SECONDS.toMillis(60));
        long msgs = b.messages - a.messages;
        double cpuSeconds = (b.cpuNanos - a.cpuNanos) / 1e9;
        double wallSeconds = (b.nanos - a.nanos) / 1e9;
        String extra = load instanceof StartleLoad s ? s.extra() : load instanceof NettyLoad n ? n.extra() : "";
        System.out.printf(
                Locale.ROOT,
                "RESULT msgs=%d cpu_s=%.3f wall_s=%.3f per_cpu_s=%.1f per_s=%.1f alloc_per_msg=%d p50_us=%d p99_us=%d"
                        + " errors=%d%s%n",
                msgs,
                cpuSeconds,
                wallSeconds,
                msgs / cpuSeconds,
                msgs / wallSeconds,
                msgs == 0 ? -1 : (b.allocated - a.allocated) / msgs,
                run.quantileMicros(0.50),
                run.quantileMicros(0.99),
                run.errors(),
                extra);
    }

    private static void hold(Load load, int count) throws Exception {
        load.hold(Math.min(50, count)); // warm up: classes, contexts, pools
        Memory before = Memory.now();
        load.hold(count);
        Memory after = Memory.now();
        System.out.printf(
                Locale.ROOT,
                "RESULT held=%d heap_per_conn=%d direct_per_conn=%d rss_per_conn=%d%n",
                count,
                (after.heap - before.heap) / count,
                (after.direct - before.direct) / count,
                (after.rss - before.rss) / count);
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    /** Counters at one instant. */
    private record Snapshot(long nanos, long cpuNanos, long allocated, long messages) {
        static Snapshot now(Run run) {
            return new Snapshot(System.nanoTime(), processCpuNanos(), allocatedBytes(), run.messages());
        }
    }

    /** Memory after a full collection: heap used, Netty's direct memory, resident set size. */
    private record Memory(long heap, long direct, long rss) {
        static Memory now() throws InterruptedException, IOException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(300);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long direct = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider m
                    ? m.metric().usedDirectMemory()
                    : 0;
            return new Memory(heap, direct, rssBytes());
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
