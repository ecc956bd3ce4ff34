package dev.startle.benchmarks.jmh;

import dev.startle.core.Framing;
import dev.startle.core.Line;
import dev.startle.core.LineFraming;
import dev.startle.smtp.SmtpReply;
import dev.startle.smtp.internal.ReplyParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reply parsing from bytes to reply objects: Startle (line decoder, {@link Line#text()}, {@link ReplyParser}: code,
 * enhanced status code, text lines) against Netty's {@link SmtpResponseDecoder} (code and text lines). One operation =
 * the replies of a session set-up and one transaction (a 9-line EHLO reply, then MAIL, RCPT, DATA and end-of-data
 * replies): five replies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplyParsingBenchmark {
    private static final MethodHandle NETTY_DECODE;

    static {
        try {
            Method m =
                    SmtpResponseDecoder.class.getDeclaredMethod("decode", ChannelHandlerContext.class, ByteBuf.class);
            m.setAccessible(true);
            NETTY_DECODE = MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ByteBuf cumulation;
    private Framing.Decoder<Line> lines;
    private ReplyParser parser;
    private SmtpResponseDecoder netty;

    @Setup(Level.Trial)
    public void setUp() {
        String replies = "250-mail.example.org greets client.example\r\n250-PIPELINING\r\n250-SIZE 36700160\r\n"
                + "250-8BITMIME\r\n250-SMTPUTF8\r\n250-CHUNKING\r\n250-DSN\r\n250-STARTTLS\r\n"
                + "250 ENHANCEDSTATUSCODES\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"
                + "354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued as 4ZkQ1x2Y3z\r\n";
        byte[] bytes = replies.getBytes(StandardCharsets.US_ASCII);
        cumulation = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        lines = LineFraming.strict().newDecoder(() -> true);
        parser = new ReplyParser();
        netty = new SmtpResponseDecoder(8192);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cumulation.release();
    }

    @Benchmark
    public void startle(Blackhole bh) {
        ByteBuf in = cumulation;
        in.readerIndex(0);
        Line line;
        while ((line = lines.decode(in)) != null) {
            SmtpReply reply = parser.add(line.text());
            if (reply != null) {
                bh.consume(reply);
            }
        }
    }

    @Benchmark
    public void netty(Blackhole bh) throws Throwable {
        ByteBuf in = cumulation;
        in.readerIndex(0);
        while (in.isReadable()) {
            SmtpResponse response = (SmtpResponse) NETTY_DECODE.invoke(netty, (ChannelHandlerContext) null, in);
            if (response != null) {
                bh.consume(response);
            }
        }
    }
}
