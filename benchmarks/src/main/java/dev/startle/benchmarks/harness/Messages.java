package dev.startle.benchmarks.harness;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The message every client sends: RFC 5322 bytes of an exact size with CRLF line endings, plain ASCII text in lines of
 * 76 characters, some of which start with a dot (so dot-stuffing has work to do).
 */
public final class Messages {
    static final String FROM = "sender@bench.example";
    static final String TO = "rcpt@bench.example";

    private Messages() {}

    /** The message, exactly {@code size} bytes. */
    public static byte[] message(int size) {
        StringBuilder sb = new StringBuilder();
        sb.append("From: Benchmark <").append(FROM).append(">\r\n");
        sb.append("To: <").append(TO).append(">\r\n");
        sb.append("Subject: load test message\r\n");
        sb.append("Date: Thu, 26 Nov 2026 12:00:00 +0000\r\n");
        sb.append("Message-ID: <load-1@bench.example>\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        sb.append("Content-Type: text/plain; charset=us-ascii\r\n");
        sb.append("\r\n");
        sb.append(body(size - sb.length()));
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != size) {
            throw new IllegalStateException("message is " + bytes.length + " bytes, wanted " + size);
        }
        return bytes;
    }

    /** A body of exactly {@code size} bytes (at least 2) of CRLF lines; every tenth line starts with a dot. */
    public static String body(int size) {
        StringBuilder sb = new StringBuilder(size);
        String alphabet = "The quick brown fox jumps over the lazy dog 0123456789 ";
        int line = 0;
        while (sb.length() < size) {
            int room = size - sb.length();
            int len = Math.min(76, room - 2);
            if (len < 0) {
                sb.append(' ');
                continue;
            }
            StringBuilder l = new StringBuilder(len);
            if (line % 10 == 3 && len > 0) {
                l.append('.');
            }
            while (l.length() < len) {
                l.append(alphabet.charAt((l.length() + line) % alphabet.length()));
            }
            sb.append(l).append("\r\n");
            line++;
        }
        return sb.toString();
    }

    /** The message as DATA puts it on the wire: dot-stuffed, followed by {@code .CRLF}. */
    public static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
