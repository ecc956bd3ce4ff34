package dev.startle.smtp.server;

import dev.startle.core.StartleException;

/**
 * Thrown (or signalled) by an {@link SmtpHandler} to refuse something with a specific reply, e.g.
 * {@code new SmtpRejectException(550, "5.1.1", "no such user here")}. Any other error from a handler becomes
 * {@code 451 4.3.0} (try again later).
 */
public final class SmtpRejectException extends StartleException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String enhancedCode;
    private final String text;

    /**
     * A refusal with the reply to send.
     *
     * @param code 4xx (transient) or 5xx (permanent)
     * @param enhancedCode the RFC 3463 code such as {@code "5.7.1"}, or null
     * @param text the reply text (one line, no CR/LF)
     */
    public SmtpRejectException(int code, String enhancedCode, String text) {
        super(code + (enhancedCode == null ? "" : " " + enhancedCode) + " " + text);
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("a rejection needs a 4xx or 5xx code: " + code);
        }
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("reply text must be one line");
        }
        if (enhancedCode != null && !enhancedCode.matches("[45]\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("not an enhanced status code of a refusal: " + enhancedCode);
        }
        this.code = code;
        this.enhancedCode = enhancedCode;
        this.text = text;
    }

    /** The reply code. */
    public int code() {
        return code;
    }

    /** The enhanced status code, or null. */
    public String enhancedCode() {
        return enhancedCode;
    }

    /** The reply text. */
    public String text() {
        return text;
    }

    /** The reply line as sent. */
    public String replyLine() {
        return code + " " + (enhancedCode == null ? "" : enhancedCode + " ") + text;
    }
}
