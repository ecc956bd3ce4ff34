package dev.startle.benchmarks.niosmtp;

import com.hubspot.smtp.client.SmtpClientResponse;
import com.hubspot.smtp.client.SmtpSession;
import com.hubspot.smtp.client.SmtpSessionConfig;
import com.hubspot.smtp.client.SmtpSessionFactory;
import com.hubspot.smtp.client.SmtpSessionFactoryConfig;
import com.hubspot.smtp.messages.MessageContent;
import io.netty.buffer.Unpooled;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * HubSpot NioSmtpClient 1.2.0 (Netty 4.1, NIO transport, JDK TLS): one session per connection, EHLO, STARTTLS, EHLO,
 * then {@code send(from, to, content)} in a loop, one message in flight per session; callbacks run on the event loop.
 * Prints {@code WINDOW start}/{@code WINDOW end} and a {@code RESULT} line in the harness's format; measured the same
 * way (this JVM's process CPU time over the window). Bounded: the workers stop at the end of the window.
 *
 * <p>Arguments: {@code --port= --ca=<pem> --connections= --size= --warmup= --measure= [--tls=none]}.
 */
public final class NioSmtpLoad {
    private static final int MAX_SAMPLES = 1 << 20;
    private static final String FROM = "sender@bench.example";
    private static final String TO = "rcpt@bench.example";

    private final LongAdder messages = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final long[] samples = new long[MAX_SAMPLES];
    private final AtomicInteger sampleCount = new AtomicInteger();
    private volatile boolean running = true;
    private volatile boolean recording;

    private NioSmtpLoad() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            a.put(s.substring(2, eq < 0 ? s.length() : eq), eq < 0 ? "true" : s.substring(eq + 1));
        }
        new NioSmtpLoad().run(a);
        System.exit(0);
    }

    private void run(Map<String, String> a) throws Exception {
        int port = Integer.parseInt(a.get("port"));
        int connections = Integer.parseInt(a.getOrDefault("connections", "20"));
        int size = Integer.parseInt(a.getOrDefault("size", "4096"));
        double warmup = Double.parseDouble(a.getOrDefault("warmup", "5"));
        double measure = Double.parseDouble(a.getOrDefault("measure", "10"));
        boolean tls = !"none".equals(a.get("tls"));
        byte[] message = message(size);
        SSLContext context = tls ? clientContext(Path.of(a.get("ca"))) : null;

        NioEventLoopGroup group =
                new NioEventLoopGroup(Math.max(4, Runtime.getRuntime().availableProcessors()));
        SmtpSessionFactoryConfig.Builder fb =
                SmtpSessionFactoryConfig.builder().eventLoopGroup(group).executor(Runnable::run);
        if (context != null) {
            fb.sslEngineSupplier(() -> {
                SSLEngine engine = context.createSSLEngine("localhost", port);
                engine.setUseClientMode(true);
                SSLParameters params = engine.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(params);
                return engine;
            });
        }
        SmtpSessionFactory factory = new SmtpSessionFactory(fb.build());
        SmtpSessionConfig config = SmtpSessionConfig.builder()
                .remoteAddress(new InetSocketAddress("127.0.0.1", port))
                .readTimeout(Duration.ofSeconds(60))
                .connectionTimeout(Duration.ofSeconds(30))
                .build();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            factory.connect(config)
                    .thenCompose(r -> ehlo(r.getSession()))
                    .thenCompose(r -> tls ? r.getSession().startTls() : CompletableFuture.completedFuture(r))
                    .thenCompose(r -> tls ? ehlo(r.getSession()) : CompletableFuture.completedFuture(r))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            error(e);
                            done.countDown();
                        } else {
                            loop(r.getSession(), message, done);
                        }
                    });
        }
        Thread.sleep((long) (warmup * 1000));
        long t0 = System.nanoTime();
        long c0 = cpu();
        long a0 = allocated();
        long m0 = messages.sum();
        recording = true;
        System.out.println("WINDOW start");
        System.out.flush();
        Thread.sleep((long) (measure * 1000));
        long t1 = System.nanoTime();
        long c1 = cpu();
        long a1 = allocated();
        long m1 = messages.sum();
        recording = false;
        System.out.println("WINDOW end");
        System.out.flush();
        running = false;
        done.await(60, TimeUnit.SECONDS);
        long msgs = m1 - m0;
        double cpuSeconds = (c1 - c0) / 1e9;
        double wall = (t1 - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "RESULT msgs=%d cpu_s=%.3f wall_s=%.3f per_cpu_s=%.1f per_s=%.1f alloc_per_msg=%d p50_us=%d p99_us=%d"
                        + " errors=%d%n",
                msgs,
                cpuSeconds,
                wall,
                msgs / cpuSeconds,
                msgs / wall,
                msgs == 0 ? -1 : (a1 - a0) / msgs,
                quantile(0.5),
                quantile(0.99),
                errors.sum());
        System.out.flush();
        factory.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    private static CompletableFuture<SmtpClientResponse> ehlo(SmtpSession session) {
        return session.send(new DefaultSmtpRequest(SmtpCommand.EHLO, "client.bench.example"));
    }

    private void loop(SmtpSession session, byte[] message, CountDownLatch done) {
        if (!running) {
            session.close();
            done.countDown();
            return;
        }
        long start = System.nanoTime();
        session.send(FROM, TO, MessageContent.of(Unpooled.wrappedBuffer(message)))
                .whenComplete((r, e) -> {
                    if (e != null || r.containsError()) {
                        error(e != null ? e : new IllegalStateException(r.toString()));
                        session.close();
                        done.countDown();
                        return;
                    }
                    messages.increment();
                    if (recording) {
                        int i = sampleCount.getAndIncrement();
                        if (i < MAX_SAMPLES) {
                            samples[i] = System.nanoTime() - start;
                        }
                    }
                    loop(session, message, done);
                });
    }

    private void error(Throwable e) {
        if (errors.sum() == 0) {
            e.printStackTrace();
        }
        errors.increment();
    }

    private long quantile(double q) {
        int n = Math.min(sampleCount.get(), MAX_SAMPLES);
        if (n == 0) {
            return -1;
        }
        long[] copy = Arrays.copyOf(samples, n);
        Arrays.sort(copy);
        return copy[(int) Math.min(n - 1, Math.round(q * (n - 1)))] / 1000;
    }

    private static SSLContext clientContext(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
                "ca",
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caPem))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** The same message shape as the harness's (headers, then 76-character lines, every tenth with a leading dot). */
    private static byte[] message(int size) {
        StringBuilder sb = new StringBuilder();
        sb.append("From: Benchmark <" + FROM + ">\r\nTo: <" + TO + ">\r\nSubject: load test message\r\n")
                .append("Date: Thu, 26 Nov 2026 12:00:00 +0000\r\nMessage-ID: <load-1@bench.example>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        String alphabet = "The quick brown fox jumps over the lazy dog 0123456789 ";
        int line = 0;
        while (sb.length() < size) {
            int len = Math.min(76, size - sb.length() - 2);
            if (len < 0) {
                sb.append(' ');
                continue;
            }
            StringBuilder l = new StringBuilder();
            if (line % 10 == 3 && len > 0) {
                l.append('.');
            }
            while (l.length() < len) {
                l.append(alphabet.charAt((l.length() + line) % alphabet.length()));
            }
            sb.append(l).append("\r\n");
            line++;
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }
}
