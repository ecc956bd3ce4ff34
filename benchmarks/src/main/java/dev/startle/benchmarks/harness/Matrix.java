package dev.startle.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmark matrix of issue 6 (rows 1 to 9; row 8's JMH half is run by {@code run.sh}) and prints Markdown
 * tables of ratios, each against the comparison measured in the same run. One JVM per sink and per client.
 *
 * <p>Arguments: {@code --cp=} this module's class path, {@code --nio-cp=} the NioSmtpClient module's,
 * {@code --java25=} a JDK 21+ {@code java} for virtual threads (optional), {@code --quick}, {@code --rows=1,4,6},
 * {@code --out=} a Markdown file, {@code --jmh=} a JMH CSV result to tabulate, {@code --profile=<client key>} to record
 * that client with JFR.
 */
public final class Matrix {
    private static final String CLIENT = ClientMain.class.getName();
    private static final String SINK = SinkMain.class.getName();
    private static final String NIO = "dev.startle.benchmarks.niosmtp.NioSmtpLoad";

    private final boolean quick;
    private final double warmup;
    private final double measure;
    private final Path work;
    private final Path logs;
    private final Path pki;
    private final Jvm.Launcher clientJvm;
    private final Jvm.Launcher sinkJvm;
    private final Jvm.Launcher java25;
    private final Jvm.Launcher nio;
    private final String profile;
    private final Report report = new Report();

    private Matrix(Args args) throws Exception {
        this.quick = args.flag("quick");
        // Startle's code path (Reactor, Netty, the pool) needs a longer warm-up than a blocking client before the JIT
        // has settled: with 5 s on this machine the JIT's own CPU time halved Startle's figure.
        this.warmup = args.doubleValue("warmup", quick ? 4 : 12);
        this.measure = args.doubleValue("measure", quick ? 3 : 6);
        this.work = Files.createTempDirectory("startle-bench");
        this.logs = Files.createDirectories(work.resolve("logs"));
        this.pki = work.resolve("pki");
        Pki.mint(pki);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = args.require("cp");
        this.clientJvm = new Jvm.Launcher(java, cp, List.of("-Xms1g", "-Xmx1g"));
        this.sinkJvm = new Jvm.Launcher(java, cp, List.of("-Xms1g", "-Xmx3g"));
        String j25 = args.get("java25", "");
        this.java25 = j25.isEmpty() || !Files.isExecutable(Path.of(j25))
                ? null
                : new Jvm.Launcher(j25, cp, List.of("-Xms1g", "-Xmx1g"));
        String nioCp = args.get("nio-cp", "");
        this.nio = nioCp.isEmpty() ? null : new Jvm.Launcher(java, nioCp, List.of("-Xms1g", "-Xmx1g"));
        this.profile = args.get("profile", "");
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        if (!args.get("mint", "").isEmpty()) {
            Pki.mint(Path.of(args.get("mint", "")));
            return;
        }
        Matrix m = new Matrix(args);
        Set<Integer> rows = new TreeSet<>();
        String defaultRows = args.flag("quick") ? "1,3,4,5,6,7,8,9" : "1,2,3,4,5,6,7,8,9";
        for (String r : args.get("rows", defaultRows).split(",")) {
            if (!r.equals("none")) {
                rows.add(Integer.parseInt(r.trim()));
            }
        }
        long started = System.nanoTime();
        m.header();
        for (int row : rows) {
            long t = System.nanoTime();
            try {
                m.row(row);
            } catch (Exception e) {
                m.report.note("\nRow " + row + " failed: " + e + " (logs: " + m.logs + ")\n");
                e.printStackTrace();
            }
            System.err.printf(Locale.ROOT, "[matrix] row %d took %.0f s%n", row, (System.nanoTime() - t) / 1e9);
        }
        String jmh = args.get("jmh", "");
        if (!jmh.isEmpty() && Files.exists(Path.of(jmh))) {
            m.report.section("Row 8a: line framing, DATA encoding and reply parsing (JMH)", JmhTable.how());
            JmhTable.add(m.report, Path.of(jmh));
        }
        m.report.note(String.format(
                Locale.ROOT, "\nMatrix time: %.0f s. Logs: %s%n", (System.nanoTime() - started) / 1e9, m.logs));
        String md = m.report.markdown();
        System.out.println(md);
        String out = args.get("out", "");
        if (!out.isEmpty()) {
            Files.writeString(Path.of(out), md, StandardCharsets.UTF_8);
        }
    }

    private void header() {
        report.note("## Run of " + LocalDate.now() + (quick ? " (--quick)" : "") + "\n\nJDK "
                + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor") + ")"
                + (java25 != null ? "; virtual threads on " + java25.java() : "") + "; "
                + Runtime.getRuntime().availableProcessors() + " cores; warm-up " + warmup + " s, window " + measure
                + " s per client; each client and each sink in its own JVM. Client CPU = the client JVM's process CPU"
                + " time over the window (all threads, GC and JIT included); the sink's CPU never counts.");
    }

    private void row(int row) throws Exception {
        switch (row) {
            case 1 -> clientRow(1, 20, 4096);
            case 2 -> clientRow(2, 200, 4096);
            case 3 -> newConnectionRow();
            case 4 -> clientRow(4, 20, 100 * 1024);
            case 5 -> plaintextRow();
            case 6 -> upgradeRow();
            case 7 -> memoryRow();
            case 8 -> bulkRow();
            case 9 -> serverRow();
            default -> throw new IllegalArgumentException("no row " + row);
        }
    }

    // ---- building blocks

    private Jvm.Sink sink(String name, String kind, String key, String provider, String... more)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(
                List.of("--sink=" + kind, "--pki=" + pki, "--key=" + key, "--provider=" + provider, "--lifetime=1500"));
        args.addAll(Arrays.asList(more));
        return new Jvm.Sink(new Jvm.Proc("sink-" + name, sinkJvm, SINK, args, logs));
    }

    /** Runs one client against {@code sink}; returns its RESULT values (empty if it failed). */
    private Map<String, String> client(String name, Jvm.Launcher launcher, String main, Jvm.Sink sink, String... args)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(
                List.of("--pki=" + pki, "--port=" + sink.port, "--warmup=" + warmup, "--measure=" + measure));
        all.addAll(Arrays.asList(args));
        if (main.equals(NIO)) {
            all.set(0, "--ca=" + pki.resolve("ecdsa").resolve("ca.pem"));
        }
        Jvm.Launcher l = launcher;
        if (!profile.isEmpty() && name.endsWith(profile)) {
            Path jfr = work.resolve(name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".jfr");
            l = l.with("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
            System.err.println("[matrix] recording " + name + " to " + jfr);
        }
        boolean hold = Arrays.stream(args).anyMatch(a -> a.startsWith("--hold="));
        Jvm.Proc proc = new Jvm.Proc(name, l, main, all, logs);
        Map<String, String> r = Jvm.runClient(proc, sink, hold ? 900 : (long) (warmup + measure + 200));
        System.err.println("[matrix] " + name + ": " + r);
        return r;
    }

    private Map<String, String> startle(String name, Jvm.Sink sink, String... args)
            throws IOException, InterruptedException {
        return client(name, clientJvm, CLIENT, sink, with(args, "--client=startle"));
    }

    private static String[] with(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static void details(Report report, Map<String, Map<String, String>> results) {
        for (Map.Entry<String, Map<String, String>> e : results.entrySet()) {
            Map<String, String> r = e.getValue();
            report.detail(
                    "client|msgs per client CPU-s|msgs/s (wall)|client CPU s|alloc B/msg|p50 µs|p99 µs|errors",
                    e.getKey(),
                    Report.num(Report.value(r, "per_cpu_s")),
                    Report.num(Report.value(r, "per_s")),
                    Report.num(Report.value(r, "cpu_s")),
                    Report.num(Report.value(r, "alloc_per_msg")),
                    Report.num(Report.value(r, "p50_us")),
                    Report.num(Report.value(r, "p99_us")),
                    r.getOrDefault("errors", "failed") + extra(r));
        }
    }

    private static String extra(Map<String, String> r) {
        return r.containsKey("handshakes") ? " (" + r.get("resumed") + "/" + r.get("handshakes") + " resumed)" : "";
    }

    private static double perCpu(Map<String, Map<String, String>> results, String key) {
        return Report.value(results.get(key), "per_cpu_s");
    }

    // ---- rows 1, 2 and 4: kept-open connections against SubEthaSMTP

    private void clientRow(int row, int connections, int size) throws Exception {
        String conns = "--connections=" + connections;
        String sz = "--size=" + size;
        Map<String, Map<String, String>> r = new LinkedHashMap<>();
        try (Jvm.Sink sink = sink("subetha-r" + row, "subetha", "ecdsa", "JDK")) {
            r.put("Startle (OpenSSL)", startle("r" + row + "-startle-openssl", sink, conns, sz, "--provider=OPENSSL"));
            if (!quick) {
                r.put("Startle (JDK TLS)", startle("r" + row + "-startle-jdk", sink, conns, sz, "--provider=JDK"));
            }
            r.put(
                    "Angus Mail 2.0.5",
                    client("r" + row + "-angus", clientJvm, CLIENT, sink, "--client=angus", conns, sz));
            if (java25 != null && (row == 2 || !quick)) {
                r.put(
                        "Angus Mail, virtual threads (JDK 25)",
                        client(
                                "r" + row + "-angus-vt",
                                java25,
                                CLIENT,
                                sink,
                                "--client=angus",
                                "--virtual",
                                conns,
                                sz));
            }
            if (row == 1) {
                r.put("Vert.x mail 5.1.6", client("r1-vertx", clientJvm, CLIENT, sink, "--client=vertx", conns, sz));
            }
            if (nio != null && row != 4 && !quick) {
                r.put("NioSmtpClient 1.2.0", client("r" + row + "-niosmtp", nio, NIO, sink, conns, sz));
            }
            r.put(
                    "JDK SSLSocket reference",
                    client("r" + row + "-socket", clientJvm, CLIENT, sink, "--client=socket", conns, sz));
        }
        String title = switch (row) {
            case 1 -> "Row 1: client over STARTTLS, 4 KiB messages, 20 connections kept open";
            case 2 -> "Row 2: client over STARTTLS, 4 KiB messages, 200 connections kept open";
            default -> "Row 4: client over STARTTLS, 100 KiB messages, 20 connections kept open";
        };
        report.section(
                title,
                "Messages per client CPU-second; sink SubEthaSMTP 7.2.2 (JDK TLS, ECDSA P-256) in its own JVM. "
                        + "Reproduce: `benchmarks/run.sh --rows=" + row + "`.");
        double s = perCpu(r, "Startle (OpenSSL)");
        String unit = "msg/CPU-s";
        if (row == 1) {
            report.ratio("Angus Mail 2.0.5", unit, s, perCpu(r, "Angus Mail 2.0.5"), 1.5, true);
            report.ratio("JDK SSLSocket reference", unit, s, perCpu(r, "JDK SSLSocket reference"), 1.0, true);
            report.ratio("Vert.x mail 5.1.6", unit, s, perCpu(r, "Vert.x mail 5.1.6"), 8, true);
            report.ratio(
                    "Angus, virtual threads (JDK 25)",
                    unit,
                    s,
                    perCpu(r, "Angus Mail, virtual threads (JDK 25)"),
                    Double.NaN,
                    true);
            report.ratio("NioSmtpClient 1.2.0", unit, s, perCpu(r, "NioSmtpClient 1.2.0"), Double.NaN, true);
            report.ratio("Startle (JDK TLS provider)", unit, s, perCpu(r, "Startle (JDK TLS)"), Double.NaN, true);
            report.ratio(
                    "allocation budget 5 KB/msg",
                    "B/msg",
                    Report.value(r.get("Startle (OpenSSL)"), "alloc_per_msg"),
                    5000,
                    1.0,
                    false);
        } else if (row == 2) {
            report.ratio("Angus Mail 2.0.5 (platform threads)", unit, s, perCpu(r, "Angus Mail 2.0.5"), 2.0, true);
            report.ratio(
                    "Angus, virtual threads (JDK 25)",
                    unit,
                    s,
                    perCpu(r, "Angus Mail, virtual threads (JDK 25)"),
                    1.0,
                    true);
            report.ratio("NioSmtpClient 1.2.0", unit, s, perCpu(r, "NioSmtpClient 1.2.0"), Double.NaN, true);
            report.ratio("JDK SSLSocket reference", unit, s, perCpu(r, "JDK SSLSocket reference"), Double.NaN, true);
        } else {
            report.ratio("Angus Mail 2.0.5", unit, s, perCpu(r, "Angus Mail 2.0.5"), 1.5, true);
            report.ratio("JDK SSLSocket reference", unit, s, perCpu(r, "JDK SSLSocket reference"), Double.NaN, true);
        }
        details(report, r);
    }

    // ---- row 3: a new connection per message

    private void newConnectionRow() throws Exception {
        List<String> keys = quick ? List.of("ecdsa") : List.of("ecdsa", "rsa");
        report.section(
                "Row 3: a new connection per message (handshake-bound)",
                "Connect, EHLO, STARTTLS, handshake, EHLO, MAIL/RCPT/DATA 4 KiB, QUIT; 4 in flight. Messages per client"
                        + " CPU-second; sink SubEthaSMTP 7.2.2 (JDK TLS). Startle on OpenSSL with its cached context, so"
                        + " TLS sessions may resume (the count is shown). Reproduce: `benchmarks/run.sh --rows=3`.");
        for (String key : keys) {
            Map<String, Map<String, String>> r = new LinkedHashMap<>();
            String k = "--key=" + key;
            try (Jvm.Sink sink = sink("subetha-r3-" + key, "subetha", key, "JDK")) {
                r.put(
                        "Startle (OpenSSL) " + key,
                        startle("r3-startle-" + key, sink, k, "--mode=new", "--connections=4"));
                r.put(
                        "Angus Mail 2.0.5 " + key,
                        client(
                                "r3-angus-" + key,
                                clientJvm,
                                CLIENT,
                                sink,
                                k,
                                "--client=angus",
                                "--mode=new",
                                "--connections=4"));
                r.put(
                        "JDK SSLSocket reference " + key,
                        client(
                                "r3-socket-" + key,
                                clientJvm,
                                CLIENT,
                                sink,
                                k,
                                "--client=socket",
                                "--mode=new",
                                "--connections=4"));
            }
            double s = perCpu(r, "Startle (OpenSSL) " + key);
            report.ratio("Angus Mail 2.0.5, " + key, "msg/CPU-s", s, perCpu(r, "Angus Mail 2.0.5 " + key), 5, true);
            report.ratio(
                    "JDK SSLSocket reference, " + key,
                    "msg/CPU-s",
                    s,
                    perCpu(r, "JDK SSLSocket reference " + key),
                    Double.NaN,
                    true);
            details(report, r);
        }
    }

    // ---- row 5: plaintext against Postfix's smtp-sink

    private void plaintextRow() throws Exception {
        Path sinkBin = Path.of("/usr/sbin/smtp-sink");
        Path sourceBin = Path.of("/usr/sbin/smtp-source");
        report.section(
                "Row 5: plaintext (TlsMode.NONE) against Postfix's smtp-sink",
                "Messages per client CPU-second, 20 connections, 4 KiB; sink `smtp-sink -u nobody 127.0.0.1:PORT 1024`"
                        + " (a C process; PIPELINING offered). smtp-source: `smtp-source -d -s 20 -m N -l 3900` (about"
                        + " 4 KiB with its headers); its CPU time is read from the waiting shell's cutime+cstime."
                        + " Reproduce: `benchmarks/run.sh --rows=5`.");
        if (!Files.isExecutable(sinkBin) || !Files.isExecutable(sourceBin)) {
            report.note("Not run: Postfix's smtp-sink/smtp-source are not installed (`apt-get install postfix`).");
            return;
        }
        int port = freePort();
        Process sinkProc = Jvm.Proc.command(
                List.of(sinkBin.toString(), "-u", "nobody", "127.0.0.1:" + port, "1024"),
                logs.resolve("smtp-sink.log"));
        Map<String, Map<String, String>> r = new LinkedHashMap<>();
        try {
            Thread.sleep(500);
            r.put("Postfix smtp-source", smtpSource(sourceBin, port, quick ? 20_000 : 60_000));
            Jvm.Sink fake = Jvm.Sink.fixed(port);
            r.put("Startle (TlsMode.NONE)", startle("r5-startle", fake, "--tls=none", "--connections=20"));
            r.put(
                    "Angus Mail 2.0.5",
                    client("r5-angus", clientJvm, CLIENT, fake, "--client=angus", "--tls=none", "--connections=20"));
            if (nio != null && !quick) {
                r.put("NioSmtpClient 1.2.0", client("r5-niosmtp", nio, NIO, fake, "--tls=none", "--connections=20"));
            }
            r.put(
                    "JDK socket reference",
                    client("r5-socket", clientJvm, CLIENT, fake, "--client=socket", "--tls=none", "--connections=20"));
        } finally {
            sinkProc.destroy();
            if (!sinkProc.waitFor(10, TimeUnit.SECONDS)) {
                sinkProc.destroyForcibly();
            }
        }
        double s = perCpu(r, "Startle (TlsMode.NONE)");
        report.ratio("Postfix smtp-source", "msg/CPU-s", s, perCpu(r, "Postfix smtp-source"), 0.8, true);
        report.ratio("Angus Mail 2.0.5", "msg/CPU-s", s, perCpu(r, "Angus Mail 2.0.5"), Double.NaN, true);
        report.ratio("NioSmtpClient 1.2.0", "msg/CPU-s", s, perCpu(r, "NioSmtpClient 1.2.0"), Double.NaN, true);
        report.ratio("JDK socket reference", "msg/CPU-s", s, perCpu(r, "JDK socket reference"), Double.NaN, true);
        details(report, r);
    }

    /** Runs smtp-source to completion and reads its CPU time from the waiting shell's children times. */
    private Map<String, String> smtpSource(Path bin, int port, int messages) throws Exception {
        String cmd = bin + " -d -s 20 -m " + messages + " -l 3900 -f " + Messages.FROM + " -t " + Messages.TO
                + " 127.0.0.1:" + port + " >/dev/null; cat /proc/$$/stat";
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("sh", "-c", cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        logs.resolve("smtp-source.log").toFile()))
                .start();
        String stat = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, String> r = new LinkedHashMap<>();
        if (!done || stat.isEmpty()) {
            p.destroyForcibly();
            return r;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": field 3 is f[0]; cutime and cstime are fields 16 and 17
        double ticks = Double.parseDouble(f[13]) + Double.parseDouble(f[14]);
        double cpu = ticks / 100.0;
        r.put("msgs", String.valueOf(messages));
        r.put("cpu_s", String.valueOf(cpu));
        r.put("per_cpu_s", String.valueOf(messages / cpu));
        r.put("per_s", String.valueOf(messages / wall));
        r.put("errors", "0");
        System.err.println("[matrix] smtp-source: " + r);
        return r;
    }

    // ---- row 6: the upgrade against a bare TLS handshake

    private void upgradeRow() throws Exception {
        report.section(
                "Row 6: upgrade cost",
                "Cycles per second (wall clock, both sides on the same 2 cores): Startle's SmtpClient doing connect +"
                        + " greeting + EHLO + STARTTLS + handshake + EHLO + QUIT against Startle's SmtpServer, against"
                        + " raw Netty doing only connect + TLS 1.3 handshake + close against a raw Netty TLS server;"
                        + " 8 cycles in flight, same provider on both sides. Reproduce: `benchmarks/run.sh --rows=6`.");
        List<String> providers = quick ? List.of("OPENSSL") : List.of("OPENSSL", "JDK");
        List<String> keys = quick ? List.of("ecdsa") : List.of("ecdsa", "rsa");
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String provider : providers) {
            for (String key : keys) {
                String label = provider + ", " + key;
                String k = "--key=" + key;
                String p = "--provider=" + provider;
                Map<String, String> s;
                Map<String, String> n;
                try (Jvm.Sink sink = sink("startle-r6-" + provider + key, "startle", key, provider)) {
                    s = startle("r6-startle-" + provider + "-" + key, sink, k, p, "--mode=cycle", "--connections=8");
                }
                try (Jvm.Sink sink = sink("netty-r6-" + provider + key, "netty", key, provider)) {
                    n = client(
                            "r6-netty-" + provider + "-" + key,
                            clientJvm,
                            CLIENT,
                            sink,
                            k,
                            p,
                            "--client=netty",
                            "--mode=cycle",
                            "--connections=8");
                }
                all.put("Startle upgrade cycle, " + label, s);
                all.put("raw Netty TLS 1.3 handshake, " + label, n);
                report.ratio(
                        "raw Netty handshake (" + label + ")",
                        "cycles/s",
                        Report.value(s, "per_s"),
                        Report.value(n, "per_s"),
                        0.7,
                        true);
            }
        }
        details(report, all);
    }

    // ---- row 7: memory per idle upgraded connection

    private void memoryRow() throws Exception {
        int n = quick ? 1000 : 10_000;
        report.section(
                "Row 7: memory per idle upgraded connection (OpenSSL)",
                "The client JVM opens " + n + " connections (after 50 to warm up) and keeps them idle: Startle sessions"
                        + " (greeting, EHLO, STARTTLS, handshake, EHLO) against Startle's SmtpServer, raw Netty TLS"
                        + " connections against a raw Netty TLS server. Per connection: heap after full GC, Netty direct"
                        + " memory, and resident set size (which includes BoringSSL's native memory). ECDSA."
                        + " Reproduce: `benchmarks/run.sh --rows=7`.");
        Map<String, String> s;
        Map<String, String> raw;
        String hold = "--hold=" + n;
        try (Jvm.Sink sink = sink("startle-r7", "startle", "ecdsa", "OPENSSL")) {
            s = startle("r7-startle", sink, hold, "--provider=OPENSSL");
        }
        try (Jvm.Sink sink = sink("netty-r7", "netty", "ecdsa", "OPENSSL")) {
            raw = client("r7-netty", clientJvm, CLIENT, sink, hold, "--client=netty", "--provider=OPENSSL");
        }
        double sh = Report.value(s, "heap_per_conn") + Report.value(s, "direct_per_conn");
        double nh = Report.value(raw, "heap_per_conn") + Report.value(raw, "direct_per_conn");
        report.ratio("raw Netty, heap + direct", "B/conn", sh, nh, Double.NaN, false);
        report.ratio(
                "raw Netty, RSS",
                "B/conn",
                Report.value(s, "rss_per_conn"),
                Report.value(raw, "rss_per_conn"),
                Double.NaN,
                false);
        report.ratio("budget 16 KiB, heap + direct", "B/conn", sh, 16384, 1.0, false);
        report.ratio("budget 16 KiB, RSS", "B/conn", Report.value(s, "rss_per_conn"), 16384, 1.0, false);
        for (Map.Entry<String, Map<String, String>> e :
                Map.of("Startle", s, "raw Netty", raw).entrySet()) {
            Map<String, String> r = e.getValue();
            report.detail(
                    "client|connections held|heap B/conn|direct B/conn|RSS B/conn",
                    e.getKey(),
                    r.getOrDefault("held", "failed"),
                    Report.num(Report.value(r, "heap_per_conn")),
                    Report.num(Report.value(r, "direct_per_conn")),
                    Report.num(Report.value(r, "rss_per_conn")));
        }
    }

    // ---- row 8b: DATA streaming over TLS against raw Netty TLS bulk

    private void bulkRow() throws Exception {
        int size = 1 << 20;
        report.section(
                "Row 8b: DATA streaming with dot-stuffing over TLS, one connection",
                "Client bytes per client CPU-second: Startle's SmtpClient sending 1 MiB messages (DATA, dot-stuffed) on"
                        + " one connection to Startle's SmtpServer, against raw Netty writing the same bytes in 1 MiB"
                        + " buffers over TLS to a discarding Netty server. OpenSSL, ECDSA. Reproduce:"
                        + " `benchmarks/run.sh --rows=8`.");
        Map<String, Map<String, String>> r = new LinkedHashMap<>();
        try (Jvm.Sink sink = sink("startle-r8", "startle", "ecdsa", "OPENSSL")) {
            r.put("Startle DATA, 1 MiB messages", startle("r8-startle", sink, "--connections=1", "--size=" + size));
        }
        try (Jvm.Sink sink = sink("netty-r8", "netty", "ecdsa", "OPENSSL")) {
            r.put(
                    "raw Netty TLS writes, 1 MiB",
                    client("r8-netty", clientJvm, CLIENT, sink, "--client=netty", "--mode=bulk", "--size=" + size));
        }
        double mb = size / 1e6;
        report.ratio(
                "raw Netty TLS bulk",
                "MB/CPU-s",
                perCpu(r, "Startle DATA, 1 MiB messages") * mb,
                perCpu(r, "raw Netty TLS writes, 1 MiB") * mb,
                0.5,
                true);
        details(report, r);
    }

    // ---- row 9: server CPU per message

    private void serverRow() throws Exception {
        List<Integer> counts = quick ? List.of(20) : List.of(20, 200, 2000);
        report.section(
                "Row 9: server CPU per message, Startle's SmtpServer against SubEthaSMTP",
                "Server CPU time per message received over STARTTLS (the sink JVM's process CPU over the client's window"
                        + " divided by the messages it received in it), 4 KiB messages, ECDSA; the load is the JDK"
                        + " SSLSocket reference client (one platform thread per connection) in its own JVM, identical"
                        + " for both servers. Startle's server on OpenSSL, SubEthaSMTP on the JDK's TLS (its only"
                        + " option). p99: client-side latency of one message (MAIL to the final 250)."
                        + " Reproduce: `benchmarks/run.sh --rows=9`.");
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (int n : counts) {
            Map<String, String> s;
            Map<String, String> e;
            String conns = "--connections=" + n;
            try (Jvm.Sink sink = sink("startle-r9-" + n, "startle", "ecdsa", "OPENSSL")) {
                s = client("r9-startle-" + n, clientJvm, CLIENT, sink, "--client=socket", conns);
            }
            try (Jvm.Sink sink = sink("subetha-r9-" + n, "subetha", "ecdsa", "JDK")) {
                e = client("r9-subetha-" + n, clientJvm, CLIENT, sink, "--client=socket", conns);
            }
            double su = serverMicros(s);
            double eu = serverMicros(e);
            report.ratio("SubEthaSMTP, " + n + " connections", "µs CPU/msg", su, eu, 0.5, false);
            if (n >= 2000) {
                report.ratio(
                        "SubEthaSMTP p99 latency, " + n + " connections",
                        "µs",
                        Report.value(s, "p99_us"),
                        Report.value(e, "p99_us"),
                        1.0,
                        false);
            }
            all.put("Startle SmtpServer, " + n, s);
            all.put("SubEthaSMTP 7.2.2, " + n, e);
        }
        for (Map.Entry<String, Map<String, String>> e : all.entrySet()) {
            Map<String, String> r = e.getValue();
            report.detail(
                    "server, connections|server µs CPU/msg|server msgs/s|client p50 µs|client p99 µs|errors",
                    e.getKey(),
                    Report.num(serverMicros(r)),
                    Report.num(Report.value(r, "sink_msgs") / Report.value(r, "wall_s")),
                    Report.num(Report.value(r, "p50_us")),
                    Report.num(Report.value(r, "p99_us")),
                    r.getOrDefault("errors", "failed"));
        }
    }

    private static double serverMicros(Map<String, String> r) {
        return Report.value(r, "sink_cpu_ns") / 1000.0 / Report.value(r, "sink_msgs");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
