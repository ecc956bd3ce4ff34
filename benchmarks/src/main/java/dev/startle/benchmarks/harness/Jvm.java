package dev.startle.benchmarks.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Starts and talks to the sink and client processes of a run; every wait is bounded. */
final class Jvm {
    /** JVM options every client and sink gets. */
    static final List<String> COMMON = List.of(
            "-XX:+UseG1GC",
            "-Dio.netty.leakDetection.level=disabled",
            "-Djava.net.preferIPv4Stack=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dvertx.disableFileCaching=true");

    private Jvm() {}

    /** How to start a JVM: the java binary, the class path and extra options. */
    record Launcher(String java, String classPath, List<String> options) {
        Launcher with(String... more) {
            List<String> all = new ArrayList<>(options);
            all.addAll(List.of(more));
            return new Launcher(java, classPath, all);
        }
    }

    /** A running process whose stdout lines arrive in a queue; stderr goes to a log file. */
    static final class Proc implements AutoCloseable {
        final String name;
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Proc(String name, Launcher launcher, String main, List<String> args, Path logDir) throws IOException {
            this.name = name;
            List<String> cmd = new ArrayList<>();
            cmd.add(launcher.java());
            cmd.addAll(COMMON);
            cmd.addAll(launcher.options());
            cmd.add("-cp");
            cmd.add(launcher.classPath());
            cmd.add(main);
            cmd.addAll(args);
            this.process = command(cmd, logDir.resolve(name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".log"));
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = r.readLine()) != null) {
                                lines.add(line);
                            }
                        } catch (IOException ignored) {
                            // process gone
                        }
                        lines.add("EOF");
                    },
                    "reader-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        static Process command(List<String> cmd, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return pb.start();
        }

        /** The next stdout line starting with {@code prefix}, skipping others; null on timeout or exit. */
        String await(String prefix, long timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null || line.equals("EOF")) {
                    return null;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        void send(String command) throws IOException {
            OutputStream out = process.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws InterruptedException {
            try {
                send("QUIT");
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A sink process: started, waited for, asked for CPU marks, stopped. */
    static final class Sink implements AutoCloseable {
        final Proc proc;
        final int port;

        private Sink(int port) {
            this.proc = null;
            this.port = port;
        }

        /** A sink that is not ours to mark (Postfix's smtp-sink): only its port matters. */
        static Sink fixed(int port) {
            return new Sink(port);
        }

        Sink(Proc proc) throws InterruptedException {
            this.proc = proc;
            String ready = proc.await("READY ", 90);
            if (ready == null) {
                proc.process.destroyForcibly();
                throw new IllegalStateException("sink " + proc.name + " did not start (see its log)");
            }
            this.port = Integer.parseInt(ready.substring(6).trim());
        }

        /** The sink's process CPU nanos and messages received so far. */
        long[] mark() throws IOException, InterruptedException {
            proc.send("MARK");
            String line = proc.await("MARK ", 20);
            if (line == null) {
                return new long[] {-1, -1};
            }
            String[] p = line.split(" ");
            return new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])};
        }

        @Override
        public void close() throws InterruptedException {
            if (proc != null) {
                proc.close();
            }
        }
    }

    /**
     * Runs a client to its end (bounded by {@code timeoutSeconds}); marks {@code sink} when the client's window opens
     * and closes. Returns the RESULT values, plus {@code sink_cpu_ns} and {@code sink_msgs} for the window; empty when
     * the client failed.
     */
    static Map<String, String> runClient(Proc client, Sink sink, long timeoutSeconds)
            throws IOException, InterruptedException {
        Map<String, String> result = new HashMap<>();
        if (sink != null && sink.proc == null) {
            sink = null;
        }
        long[] start = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : client.lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null || line.equals("EOF")) {
                break;
            }
            if (line.equals("WINDOW start") && sink != null) {
                start = sink.mark();
            } else if (line.equals("WINDOW end") && sink != null && start != null) {
                long[] end = sink.mark();
                result.put("sink_cpu_ns", String.valueOf(end[0] - start[0]));
                result.put("sink_msgs", String.valueOf(end[1] - start[1]));
            } else if (line.startsWith("RESULT ")) {
                for (String kv : line.substring(7).trim().split(" ")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        result.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
        }
        if (!client.process.waitFor(20, TimeUnit.SECONDS)) {
            client.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return result;
    }
}
