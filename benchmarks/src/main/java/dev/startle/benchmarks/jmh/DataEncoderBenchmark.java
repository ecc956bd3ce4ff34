package dev.startle.benchmarks.jmh;

import dev.startle.benchmarks.harness.Messages;
import dev.startle.smtp.internal.DataEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPOutputStream;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DATA encoding throughput (CRLF normalisation and dot-stuffing, then the terminating dot): Startle's
 * {@link DataEncoder} against Angus Mail's {@link SMTPOutputStream} (into a buffered stream that discards, as its
 * transport writes to a buffered socket stream), and a plain copy of the bytes as the floor. One operation = one
 * message; the score is in messages per millisecond.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DataEncoderBenchmark {
    private static final byte[] END = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    @Param({"4096", "102400"})
    public int size;

    private byte[] message;

    @Setup(Level.Trial)
    public void setUp() {
        message = Messages.message(size);
    }

    @Benchmark
    public void startle(Blackhole bh) {
        DataEncoder encoder = DataEncoder.forData();
        ByteBuf out = encoder.encode(Unpooled.wrappedBuffer(message));
        ByteBuf end = encoder.finish();
        bh.consume(out);
        bh.consume(end);
        out.release();
        end.release();
    }

    @Benchmark
    public void angus(Blackhole bh) throws IOException {
        OutputStream sink = new BufferedOutputStream(OutputStream.nullOutputStream(), 8192);
        SMTPOutputStream out = new SMTPOutputStream(sink);
        out.write(message, 0, message.length);
        out.ensureAtBOL();
        sink.write(END);
        sink.flush();
        bh.consume(out);
    }

    @Benchmark
    public void copyFloor(Blackhole bh) {
        ByteBuf out = Unpooled.buffer(message.length + 3).writeBytes(message).writeBytes(END);
        bh.consume(out);
        out.release();
    }
}
