package dev.startle.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link LineFraming}'s decoder on its own: CRLF rules, the length limit, split delivery, text and the secure flag. */
class LineFramingTest {
    private static final Framing.Context PLAIN = () -> false;
    private static final int MAX = 16;

    /** Decodes every complete line in {@code input} (a single buffer) and checks what is left over. */
    private static List<Line> decodeAll(LineFraming framing, String input, int expectedLeftover) {
        return decodeAll(framing, input.getBytes(StandardCharsets.UTF_8), expectedLeftover);
    }

    private static List<Line> decodeAll(LineFraming framing, byte[] input, int expectedLeftover) {
        Framing.Decoder<Line> decoder = framing.newDecoder(PLAIN);
        ByteBuf in = Unpooled.wrappedBuffer(input);
        try {
            List<Line> lines = new ArrayList<>();
            for (Line line; (line = decoder.decode(in)) != null; ) {
                lines.add(line);
            }
            assertThat(in.readableBytes()).as("bytes left undecoded").isEqualTo(expectedLeftover);
            return lines;
        } finally {
            in.release();
        }
    }

    /** Runs {@code body} with a buffer holding {@code input}, releasing it afterwards. */
    private static void withBuffer(String input, Consumer<ByteBuf> body) {
        ByteBuf in = Unpooled.copiedBuffer(input, StandardCharsets.UTF_8);
        try {
            body.accept(in);
        } finally {
            in.release();
        }
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(Line::text).toList();
    }

    @Test
    void decodesOneCrlfLineWithoutItsTerminator() {
        List<Line> lines = decodeAll(LineFraming.strict(MAX), "EHLO a.example\r\n", 0);
        assertThat(texts(lines)).containsExactly("EHLO a.example");
        assertThat(lines.get(0).length()).isEqualTo(14);
    }

    @Test
    void decodesSeveralLinesFromOneBufferAndLeavesAnUnfinishedOneUndecoded() {
        List<Line> lines = decodeAll(LineFraming.strict(MAX), "one\r\ntwo\r\n\r\nthree\r\nfou", 3);
        assertThat(texts(lines)).containsExactly("one", "two", "", "three");
    }

    @Test
    void returnsNullAndConsumesNothingUntilTheLineIsComplete() {
        Framing.Decoder<Line> decoder = LineFraming.strict(MAX).newDecoder(PLAIN);
        withBuffer("abc\r", in -> {
            assertThat(decoder.decode(in)).isNull();
            assertThat(in.readerIndex()).isZero();
            in.writeByte('\n');
            assertThat(decoder.decode(in).text()).isEqualTo("abc");
            assertThat(in.isReadable()).isFalse();
        });
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void byteByByteDeliveryYieldsTheSameLines() {
        String input = "220 ready\r\n\r\n250-first\r\n250 last one\r\n";
        Framing.Decoder<Line> decoder = LineFraming.strict(MAX).newDecoder(PLAIN);
        ByteBuf cumulation = Unpooled.buffer();
        List<String> lines = new ArrayList<>();
        List<Integer> completedAt = new ArrayList<>();
        try {
            byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < bytes.length; i++) {
                cumulation.writeByte(bytes[i]);
                for (Line line; (line = decoder.decode(cumulation)) != null; ) {
                    lines.add(line.text());
                    completedAt.add(i);
                }
                cumulation.discardReadBytes();
            }
            assertThat(cumulation.isReadable()).isFalse();
        } finally {
            cumulation.release();
        }
        assertThat(lines).containsExactly("220 ready", "", "250-first", "250 last one");
        // each line is emitted exactly when its LF arrives, never earlier
        assertThat(completedAt).containsExactly(10, 12, 23, 37);
    }

    @Test
    void anEmptyLineIsALineOfZeroBytes() {
        List<Line> lines = decodeAll(LineFraming.strict(MAX), "\r\n", 0);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).length()).isZero();
        assertThat(lines.get(0).text()).isEmpty();
    }

    @Test
    void bareLineFeedIsAProtocolViolationByDefault() {
        Framing.Decoder<Line> decoder = LineFraming.strict(MAX).newDecoder(PLAIN);
        withBuffer(
                "MAIL FROM:<a>\nRCPT",
                in -> assertThatThrownBy(() -> decoder.decode(in))
                        .isExactlyInstanceOf(ProtocolViolationException.class)
                        .hasMessageContaining("bare LF")
                        .hasMessageContaining("MAIL FROM:<a>"));
        // a bare LF as a whole line, and a bare LF hidden before a proper CRLF (SMTP smuggling's shape)
        withBuffer(
                "\n",
                in -> assertThatThrownBy(() -> decoder.decode(in))
                        .isExactlyInstanceOf(ProtocolViolationException.class));
        withBuffer(
                "DATA\nX\r\n",
                in -> assertThatThrownBy(() -> decoder.decode(in))
                        .isExactlyInstanceOf(ProtocolViolationException.class));
    }

    @Test
    void bareLineFeedEndsALineWhenAllowed() {
        LineFraming lenient = LineFraming.strict(MAX).allowBareLineFeed();
        assertThat(lenient.bareLineFeedAllowed()).isTrue();
        assertThat(LineFraming.strict(MAX).bareLineFeedAllowed()).isFalse();
        List<Line> lines = decodeAll(lenient, "one\ntwo\r\n\nthree\n", 0);
        // the CR of a CRLF is still never part of the line
        assertThat(texts(lines)).containsExactly("one", "two", "", "three");
    }

    @Test
    void aCarriageReturnInsideALineIsKeptAsData() {
        // Only CRLF (or LF when allowed) ends a line: a lone CR is an ordinary byte of the line, including a CR
        // directly before the CRLF. Protocols that forbid bare CR must reject it themselves.
        List<Line> lines = decodeAll(LineFraming.strict(MAX), "a\rb\r\nc\r\r\n\r\r\n", 0);
        assertThat(lines).extracting(Line::text).containsExactly("a\rb", "c\r", "\r");
        assertThat(lines.get(0).bytes()).containsExactly('a', '\r', 'b');
    }

    @Test
    void aLineOfExactlyTheMaximumIsAccepted() {
        String max = "x".repeat(MAX);
        assertThat(texts(decodeAll(LineFraming.strict(MAX), max + "\r\n", 0))).containsExactly(max);
        assertThat(texts(decodeAll(LineFraming.strict(MAX).allowBareLineFeed(), max + "\n", 0)))
                .containsExactly(max);
        // the maximum followed by only its CR is not decided yet: the LF may still come
        assertThat(decodeAll(LineFraming.strict(MAX), max + "\r", MAX + 1)).isEmpty();
    }

    @Test
    void aLineOfOneByteMoreThanTheMaximumFails() {
        String tooLong = "y".repeat(MAX + 1);
        for (String input : new String[] {tooLong + "\r\n", tooLong + "\r\nnext\r\n"}) {
            Framing.Decoder<Line> decoder = LineFraming.strict(MAX).newDecoder(PLAIN);
            withBuffer(
                    input,
                    in -> assertThatThrownBy(() -> decoder.decode(in))
                            .isInstanceOfSatisfying(LineTooLongException.class, e -> {
                                assertThat(e.maxLength()).isEqualTo(MAX);
                                assertThat(e.start()).startsWith("yyyy");
                            }));
        }
        Framing.Decoder<Line> lenient =
                LineFraming.strict(MAX).allowBareLineFeed().newDecoder(PLAIN);
        withBuffer(
                tooLong + "\n",
                in -> assertThatThrownBy(() -> lenient.decode(in)).isInstanceOf(LineTooLongException.class));
        // a CR before the CRLF is data, so it counts towards the length
        Framing.Decoder<Line> decoder = LineFraming.strict(MAX).newDecoder(PLAIN);
        withBuffer(
                "z".repeat(MAX) + "\r\r\n",
                in -> assertThatThrownBy(() -> decoder.decode(in)).isInstanceOf(LineTooLongException.class));
    }

    @Test
    void anOverlongLineFailsWithoutBufferingTheWholeLine() {
        // Fed one byte at a time with no LF in sight: before its LF arrives a valid line occupies at most max + 1
        // bytes (its content and CR), so the decoder must fail by max + 2 buffered bytes, not when the line ends.
        Framing.Decoder<Line> decoder = LineFraming.strict(MAX).newDecoder(PLAIN);
        ByteBuf cumulation = Unpooled.buffer();
        int failedAt = -1;
        try {
            for (int fed = 1; fed <= 10 * MAX && failedAt < 0; fed++) {
                cumulation.writeByte('x');
                try {
                    assertThat(decoder.decode(cumulation)).isNull();
                    assertThat(cumulation.readerIndex()).isZero();
                } catch (LineTooLongException e) {
                    failedAt = fed;
                }
            }
        } finally {
            cumulation.release();
        }
        // Up to MAX bytes the line may still be valid; it must have failed once MAX + 2 bytes are in.
        assertThat(failedAt).isGreaterThan(MAX).isLessThanOrEqualTo(MAX + 2);

        // One big buffer fails on the first decode too, whatever its size.
        Framing.Decoder<Line> fresh = LineFraming.strict(MAX).newDecoder(PLAIN);
        ByteBuf big = Unpooled.wrappedBuffer(new byte[1 << 20]);
        try {
            assertThatThrownBy(() -> fresh.decode(big)).isInstanceOf(LineTooLongException.class);
        } finally {
            big.release();
        }
    }

    @Test
    void theDefaultMaximumIs8192() {
        assertThat(LineFraming.strict().maxLength())
                .isEqualTo(LineFraming.DEFAULT_MAX_LENGTH)
                .isEqualTo(8192);
        assertThat(LineFraming.strict().bareLineFeedAllowed()).isFalse();
        assertThatThrownBy(() -> LineFraming.strict(0)).isInstanceOf(IllegalArgumentException.class);
        String longest = "d".repeat(8192);
        assertThat(texts(decodeAll(LineFraming.strict(), longest + "\r\n", 0))).containsExactly(longest);
    }

    @Test
    void textIsDecodedAsUtf8AndBytesAreKeptVerbatim() {
        String text = "Grüße, 日本語 and 😀";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[utf8.length + 2];
        System.arraycopy(utf8, 0, input, 0, utf8.length);
        input[utf8.length] = '\r';
        input[utf8.length + 1] = '\n';
        Line line = decodeAll(LineFraming.strict(100), input, 0).get(0);
        assertThat(line.text()).isEqualTo(text);
        assertThat(line.bytes()).isEqualTo(utf8);
        assertThat(line.length()).isEqualTo(utf8.length);

        // malformed UTF-8 becomes U+FFFD in text() but stays as sent in bytes()
        Line bad = decodeAll(LineFraming.strict(100), new byte[] {'a', (byte) 0xff, 'b', '\r', '\n'}, 0)
                .get(0);
        assertThat(bad.text()).isEqualTo("a\uFFFDb");
        assertThat(bad.bytes()).containsExactly('a', 0xff, 'b');
    }

    @Test
    void isSecureComesFromTheContextAtDecodeTime() {
        boolean[] secure = {false};
        Framing.Decoder<Line> decoder = LineFraming.strict(MAX).newDecoder(() -> secure[0]);
        withBuffer("before\r\nafter\r\n", in -> {
            Line before = decoder.decode(in);
            secure[0] = true;
            Line after = decoder.decode(in);
            assertThat(before.isSecure()).isFalse();
            assertThat(after.isSecure()).isTrue();
            assertThat(before).isNotEqualTo(Line.of("before", true)).isEqualTo(Line.of("before", false));
            assertThat(after).isEqualTo(Line.of("after", true));
        });
    }
}
