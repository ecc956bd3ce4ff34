package dev.startle.smtp;

import dev.startle.core.StartleException;
import java.util.Optional;

/**
 * The server refused something: carries its reply (code, enhanced status code, text) and what was refused.
 * {@link #isTransient()} (4xx) means trying again later may succeed; {@link #isPermanent()} (5xx) means it will not.
 */
public class SmtpException extends StartleException {
    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;
    private final String command;

    /** A refusal of {@code command} (e.g. {@code "MAIL FROM"}, without arguments) with the server's reply. */
    public SmtpException(String command, SmtpReply reply) {
        super(command + " failed: " + reply);
        this.reply = reply;
        this.command = command;
    }

    /** The server's reply. */
    public SmtpReply reply() {
        return reply;
    }

    /** The reply code. */
    public int code() {
        return reply.code();
    }

    /** The enhanced status code, when the server sent one. */
    public Optional<EnhancedStatusCode> enhancedCode() {
        return reply.enhancedCode();
    }

    /** The command that was refused, e.g. {@code "RCPT TO"}. */
    public String command() {
        return command;
    }

    /** 4xx: the same thing may succeed later. */
    public boolean isTransient() {
        return reply.isTransient();
    }

    /** 5xx: the same thing will fail again. */
    public boolean isPermanent() {
        return reply.isPermanent();
    }
}
