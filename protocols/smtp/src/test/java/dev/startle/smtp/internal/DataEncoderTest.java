package dev.startle.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Message content for the wire (RFC 5321 sections 2.3.8 and 4.5.2): every line ending CRLF, dot-stuffing for DATA,
 * state carried across chunks, and the terminating {@code .CRLF}. Strings here are ISO-8859-1, one char per byte.
 */
class DataEncoderTest {
    private static final String END = ".\r\n";

    /** Encodes {@code chunks} (each a separate buffer) and the finish; checks every input buffer was released. */
    private static String encode(DataEncoder encoder, String... chunks) {
        StringBuilder out = new StringBuilder();
        for (String chunk : chunks) {
            ByteBuf in = Unpooled.copiedBuffer(chunk, StandardCharsets.ISO_8859_1);
            out.append(drain(encoder.encode(in)));
            assertThat(in.refCnt()).as("input released").isZero();
        }
        out.append(drain(encoder.finish()));
        return out.toString();
    }

    private static String data(String... chunks) {
        return encode(DataEncoder.forData(), chunks);
    }

    private static String drain(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a line starting with a dot       | a\\r\\n.b\\r\\n         | a\\r\\n..b\\r\\n
            a lone dot line                  | a\\r\\n.\\r\\nb\\r\\n     | a\\r\\n..\\r\\nb\\r\\n
            a two-dot line                   | a\\r\\n..\\r\\n          | a\\r\\n...\\r\\n
            a dot at the very start          | .start\\r\\n           | ..start\\r\\n
            a dot inside a line              | a.b. c.\\r\\n          | a.b. c.\\r\\n
            bare LF                          | a\\nb\\n               | a\\r\\nb\\r\\n
            a dot after a bare LF            | a\\n.b\\r\\n           | a\\r\\n..b\\r\\n
            bare CR                          | a\\rb\\r               | a\\r\\nb\\r\\n
            a dot after a bare CR            | a\\r.b\\r\\n           | a\\r\\n..b\\r\\n
            CR CR LF                         | a\\r\\r\\nb\\r\\n        | a\\r\\n\\r\\nb\\r\\n
            LF CR                            | a\\n\\rb\\r\\n           | a\\r\\n\\r\\nb\\r\\n
            no final line end                | abc                  | abc\\r\\n
            a final bare CR                  | abc\\r               | abc\\r\\n
            empty lines kept                 | \\r\\n\\r\\na\\r\\n        | \\r\\n\\r\\na\\r\\n
            smuggling with LF.CRLF           | a\\n.\\r\\nMAIL FROM:<x@y>\\r\\n | a\\r\\n..\\r\\nMAIL FROM:<x@y>\\r\\n
            smuggling with CR.CR             | a\\r.\\rRSET\\r\\n     | a\\r\\n..\\r\\nRSET\\r\\n
            """)
    void dataLinesAreCrlfTerminatedAndDotStuffed(String name, String in, String out) {
        assertThat(data(unescape(in))).isEqualTo(unescape(out) + END);
    }

    @Test
    void aDotAfterALineEndInThePreviousChunkIsStuffed() {
        assertThat(data("a\r\n", ".b\r\n")).isEqualTo("a\r\n..b\r\n" + END);
        assertThat(data("a\r", "\n.b")).isEqualTo("a\r\n..b\r\n" + END);
        assertThat(data("a\n", ".b")).isEqualTo("a\r\n..b\r\n" + END);
        assertThat(data("a\r", ".b")).isEqualTo("a\r\n..b\r\n" + END);
    }

    @Test
    void aCrEndingOneChunkAndAnLfStartingTheNextMakeOneCrlf() {
        assertThat(data("a\r", "\nb")).isEqualTo("a\r\nb\r\n" + END);
        assertThat(data("a\r", "\n", "b\r", "\n")).isEqualTo("a\r\nb\r\n" + END);
    }

    @Test
    void aDotInTheMiddleOfALineSplitAcrossChunksIsNotStuffed() {
        assertThat(data("ab", ".c\r\n")).isEqualTo("ab.c\r\n" + END);
    }

    @Test
    void anEmptyBodyIsJustTheTerminator() {
        assertThat(data()).isEqualTo(END);
        assertThat(data("")).isEqualTo(END);
        assertThat(data("", "")).isEqualTo(END);
    }

    @Test
    void bdatNormalisesLineEndsButNeitherStuffsNorTerminates() {
        assertThat(encode(DataEncoder.forBdat(), ".a\n..b\r.", "\r", "\nend")).isEqualTo(".a\r\n..b\r\n.\r\nend\r\n");
        assertThat(encode(DataEncoder.forBdat())).isEmpty();
        assertThat(encode(DataEncoder.forBdat(), "a\r\n")).isEqualTo("a\r\n");
    }

    @Test
    void aDirectBufferIsEncodedLikeAHeapBufferAndReleased() {
        ByteBuf direct = Unpooled.directBuffer();
        direct.writeCharSequence(".x\ny", StandardCharsets.ISO_8859_1);
        DataEncoder encoder = DataEncoder.forData();

        String out = drain(encoder.encode(direct)) + drain(encoder.finish());

        assertThat(out).isEqualTo("..x\r\ny\r\n" + END);
        assertThat(direct.refCnt()).isZero();
    }

    @Test
    void aSliceIsReadFromItsOwnOffset() {
        ByteBuf whole = Unpooled.copiedBuffer("XXXX.a\nYYYY", StandardCharsets.ISO_8859_1);
        ByteBuf slice = whole.retainedSlice(4, 3);
        whole.release();
        DataEncoder encoder = DataEncoder.forData();

        String out = drain(encoder.encode(slice)) + drain(encoder.finish());

        assertThat(out).isEqualTo("..a\r\n" + END);
        assertThat(whole.refCnt()).isZero();
    }

    @Test
    void byteByByteAndRandomSplitsGiveTheSameOutputAsOneChunk() {
        Random random = new Random(20_261_126L);
        char[] alphabet = {'a', 'b', '.', '.', '\r', '\n', ' ', '\u00e9'};
        for (int run = 0; run < 400; run++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(48);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String input = sb.toString();
            boolean dotStuff = random.nextBoolean();

            String whole = encode(newEncoder(dotStuff), input);
            String byteByByte = encode(newEncoder(dotStuff), split(input, 1, random));
            String randomSplits = encode(newEncoder(dotStuff), split(input, 0, random));

            assertThat(byteByByte)
                    .as("byte by byte, input \"%s\"", escape(input))
                    .isEqualTo(whole);
            assertThat(randomSplits)
                    .as("random splits, input \"%s\"", escape(input))
                    .isEqualTo(whole);
            assertThat(whole).as("input \"%s\"", escape(input)).isEqualTo(model(input, dotStuff));
        }
    }

    private static DataEncoder newEncoder(boolean dotStuff) {
        return dotStuff ? DataEncoder.forData() : DataEncoder.forBdat();
    }

    /** Pieces of {@code size} chars, or of random sizes (0 to 4, empty pieces included) when size is 0. */
    private static String[] split(String s, int size, Random random) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int n = size > 0 ? size : random.nextInt(5);
            pieces.add(s.substring(i, Math.min(s.length(), i + n)));
            i += n;
        }
        return pieces.toArray(String[]::new);
    }

    /**
     * An independent model: every CRLF, lone CR and lone LF becomes CRLF; a non-empty body gets a final CRLF; for DATA
     * every line starting with a dot gets another one, and {@code .CRLF} follows.
     */
    private static String model(String input, boolean dotStuff) {
        String normalised = input.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        if (!normalised.isEmpty() && !normalised.endsWith("\r\n")) {
            normalised += "\r\n";
        }
        if (!dotStuff) {
            return normalised;
        }
        StringBuilder out = new StringBuilder();
        for (String line : normalised.split("(?<=\r\n)")) {
            if (line.startsWith(".")) {
                out.append('.');
            }
            out.append(line);
        }
        return out + END;
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
