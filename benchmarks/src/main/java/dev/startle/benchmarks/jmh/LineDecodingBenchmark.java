package dev.startle.benchmarks.jmh;

import dev.startle.core.Framing;
import dev.startle.core.Line;
import dev.startle.core.LineFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Row 8: Startle's line decoder ({@link LineFraming#strict()}, what {@code lines()} runs) against Netty's
 * {@link LineBasedFrameDecoder} (max 8192, CRLF stripped, fail fast), both called directly on the same pooled direct
 * cumulation, one operation = every line of it. {@code frames}: what each hands on (Startle a {@link Line} with its
 * bytes copied out, Netty a retained slice, released by the consumer). {@code text}: the consumer also decodes each line
 * to a String, as a protocol layer does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineDecodingBenchmark {
    /** {@code smtp}: a client's inbound SMTP replies (EHLO and transaction replies); {@code text}: 76-byte lines. */
    @Param({"smtp", "text"})
    public String traffic;

    private ByteBuf cumulation;
    private Framing.Decoder<Line> startle;
    private ExposedLineDecoder netty;

    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder sb = new StringBuilder();
        if (traffic.equals("smtp")) {
            for (int i = 0; i < 8; i++) {
                sb.append("250-mail.example.org greets client.example\r\n250-PIPELINING\r\n250-SIZE 36700160\r\n")
                        .append("250-8BITMIME\r\n250-SMTPUTF8\r\n250-CHUNKING\r\n250-DSN\r\n250-STARTTLS\r\n")
                        .append("250 ENHANCEDSTATUSCODES\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n")
                        .append("354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued as 4ZkQ1x2Y3z\r\n");
            }
        } else {
            sb.append(dev.startle.benchmarks.harness.Messages.body(8192));
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        cumulation = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        startle = LineFraming.strict().newDecoder(() -> true);
        netty = new ExposedLineDecoder();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cumulation.release();
    }

    @Benchmark
    public void startleFrames(Blackhole bh) {
        ByteBuf in = cumulation;
        in.readerIndex(0);
        Line line;
        while ((line = startle.decode(in)) != null) {
            bh.consume(line);
        }
    }

    @Benchmark
    public void nettyFrames(Blackhole bh) {
        ByteBuf in = cumulation;
        in.readerIndex(0);
        ByteBuf frame;
        while ((frame = netty.next(in)) != null) {
            bh.consume(frame);
            frame.release();
        }
    }

    @Benchmark
    public void startleText(Blackhole bh) {
        ByteBuf in = cumulation;
        in.readerIndex(0);
        Line line;
        while ((line = startle.decode(in)) != null) {
            bh.consume(line.text());
        }
    }

    @Benchmark
    public void nettyText(Blackhole bh) {
        ByteBuf in = cumulation;
        in.readerIndex(0);
        ByteBuf frame;
        while ((frame = netty.next(in)) != null) {
            bh.consume(frame.toString(StandardCharsets.UTF_8));
            frame.release();
        }
    }

    /** Netty's decoder with its {@code decode} reachable; the context is only used to report a too-long line. */
    static final class ExposedLineDecoder extends LineBasedFrameDecoder {
        ExposedLineDecoder() {
            super(8192, true, true);
        }

        ByteBuf next(ByteBuf in) {
            try {
                return (ByteBuf) decode(null, in);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
