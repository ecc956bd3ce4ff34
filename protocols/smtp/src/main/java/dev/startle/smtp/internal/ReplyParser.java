package dev.startle.smtp.internal;

import dev.startle.core.ProtocolViolationException;
import dev.startle.smtp.EnhancedStatusCode;
import dev.startle.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Assembles reply lines ({@code 250-first}, {@code 250 last}) into {@link SmtpReply}s; strict about the format. */
public final class ReplyParser {
    /** Replies longer than this many lines are a protocol violation (bounded memory). */
    static final int MAX_LINES = 256;

    private final List<String> texts = new ArrayList<>();
    private int code = -1;

    /**
     * Adds a line; returns the complete reply after its last line, null while more lines follow.
     *
     * @throws ProtocolViolationException for a malformed line, a code that changes mid-reply, or too many lines
     */
    public SmtpReply add(String line) {
        if (line.length() < 3
                || !digit(line, 0, '2', '5')
                || !digit(line, 1, '0', '9')
                || !digit(line, 2, '0', '9')
                || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
            throw new ProtocolViolationException("malformed SMTP reply line: \"" + sanitize(line) + "\"");
        }
        int lineCode = Integer.parseInt(line.substring(0, 3));
        if (code >= 0 && lineCode != code) {
            throw new ProtocolViolationException("reply code changed from " + code + " to " + lineCode
                    + " inside one reply: \"" + sanitize(line) + "\"");
        }
        code = lineCode;
        if (texts.size() >= MAX_LINES) {
            throw new ProtocolViolationException("reply longer than " + MAX_LINES + " lines");
        }
        texts.add(line.length() > 4 ? line.substring(4) : "");
        boolean last = line.length() == 3 || line.charAt(3) == ' ';
        if (!last) {
            return null;
        }
        SmtpReply reply = build(code, texts);
        texts.clear();
        code = -1;
        return reply;
    }

    /** Whether a reply is partly read. */
    public boolean inProgress() {
        return code >= 0;
    }

    /** Parses a complete reply from its lines (for tests and the server side). */
    public static SmtpReply parse(List<String> lines) {
        ReplyParser parser = new ReplyParser();
        SmtpReply reply = null;
        for (int i = 0; i < lines.size(); i++) {
            reply = parser.add(lines.get(i));
            if (reply != null && i != lines.size() - 1) {
                throw new ProtocolViolationException("reply ended before its last line: " + lines);
            }
        }
        if (reply == null) {
            throw new ProtocolViolationException("incomplete reply: " + lines);
        }
        return reply;
    }

    private static SmtpReply build(int code, List<String> texts) {
        Optional<EnhancedStatusCode> enhanced = Optional.empty();
        List<String> lines = new ArrayList<>(texts.size());
        String first = texts.get(0);
        int space = first.indexOf(' ');
        String candidate = space < 0 ? first : first.substring(0, space);
        Optional<EnhancedStatusCode> parsed = EnhancedStatusCode.parse(candidate);
        if (parsed.isPresent() && parsed.get().statusClass() == code / 100) {
            enhanced = parsed;
        }
        for (String t : texts) {
            if (enhanced.isPresent() && t.startsWith(candidate)) {
                t = t.length() > candidate.length()
                        ? t.substring(candidate.length()).stripLeading()
                        : "";
            }
            lines.add(t);
        }
        return new SmtpReply(code, enhanced, lines);
    }

    private static boolean digit(String s, int i, char lo, char hi) {
        char c = s.charAt(i);
        return c >= lo && c <= hi;
    }

    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 80); i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
