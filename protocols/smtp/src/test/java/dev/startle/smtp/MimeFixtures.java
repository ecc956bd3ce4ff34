package dev.startle.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import reactor.core.publisher.Flux;

/** Helpers for the message tests: parse bytes back with Angus Mail, collect streamed bytes, check the wire format. */
final class MimeFixtures {
    static final Session SESSION = Session.getInstance(new Properties());
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private MimeFixtures() {}

    /** Collects a stream into an array, releasing every buffer. */
    static byte[] collect(Flux<ByteBuf> content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.doOnNext(buf -> {
                    try {
                        buf.readBytes(out, buf.readableBytes());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } finally {
                        buf.release();
                    }
                })
                .blockLast(TIMEOUT);
        return out.toByteArray();
    }

    /** Parses a message with Angus Mail. */
    static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    /** The header section as text (up to the first empty line). */
    static String headerSection(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.UTF_8);
        return all.substring(0, all.indexOf("\r\n\r\n") + 2);
    }

    /** Every line ends in CRLF (no bare CR or LF), none is longer than 998 octets, and the message ends in CRLF. */
    static void assertWireFormat(byte[] bytes) {
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertThat(i > 0 && bytes[i - 1] == '\r')
                        .as("LF at %d is preceded by CR", i)
                        .isTrue();
                assertThat(i - 1 - lineStart)
                        .as("length of line starting at %d", lineStart)
                        .isLessThanOrEqualTo(998);
                lineStart = i + 1;
            } else if (bytes[i] == '\r') {
                assertThat(i + 1 < bytes.length && bytes[i + 1] == '\n')
                        .as("CR at %d is followed by LF", i)
                        .isTrue();
            }
        }
        assertThat(lineStart).as("the message ends in CRLF").isEqualTo(bytes.length);
    }

    /** Every octet is 7-bit. */
    static void assertSevenBit(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            assertThat(bytes[i] >= 0).as("octet %d is 7-bit", i).isTrue();
        }
    }

    /** The lines of the header section, folded lines kept separate. */
    static List<String> headerLines(byte[] bytes) {
        return List.of(headerSection(bytes).split("\r\n"));
    }

    /** The parts of a multipart, depth first, as "content-type" strings with nesting shown by indentation. */
    static List<String> structure(Part part) throws Exception {
        List<String> out = new ArrayList<>();
        structure(part, "", out);
        return out;
    }

    private static void structure(Part part, String indent, List<String> out) throws Exception {
        String type = part.getContentType().toLowerCase().split(";")[0].trim();
        out.add(indent + type);
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                structure(multipart.getBodyPart(i), indent + "  ", out);
            }
        }
    }

    /** The first part, depth first, whose type matches (e.g. "text/html"). */
    static BodyPart find(Part part, String mimeType) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (child.isMimeType(mimeType)) {
                    return child;
                }
                BodyPart deeper = find(child, mimeType);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return null;
    }

    static byte[] readAll(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }
}
