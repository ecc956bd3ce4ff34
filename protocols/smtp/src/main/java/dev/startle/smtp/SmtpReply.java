package dev.startle.smtp;

import java.util.List;
import java.util.Optional;

/**
 * A complete server reply: the three-digit code, the enhanced status code when the first line carries one, and the
 * text of every line (without the code and separator).
 *
 * @param code the reply code, 200..599
 * @param enhancedCode the RFC 3463 code of the reply, if present
 * @param lines the text of each line, after the code, separator and (when present) the enhanced code
 */
public record SmtpReply(int code, Optional<EnhancedStatusCode> enhancedCode, List<String> lines) {

    /** Copies the lines. */
    public SmtpReply {
        lines = List.copyOf(lines);
    }

    /** 2xx. */
    public boolean isPositive() {
        return code >= 200 && code < 300;
    }

    /** 3xx: the server waits for more (354 after DATA, 334 during AUTH). */
    public boolean isIntermediate() {
        return code >= 300 && code < 400;
    }

    /** 4xx: try again later. */
    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** 5xx: do not try again as is. */
    public boolean isPermanent() {
        return code >= 500;
    }

    /** All lines joined with a space. */
    public String text() {
        return String.join(" ", lines);
    }

    /** The reply as the server sent it, one line per line, e.g. {@code 250 2.0.0 Ok: queued as 4Xy}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (i == 0 && enhancedCode.isPresent()) {
                sb.append(enhancedCode.get()).append(' ');
            }
            sb.append(lines.get(i));
        }
        return sb.toString();
    }
}
