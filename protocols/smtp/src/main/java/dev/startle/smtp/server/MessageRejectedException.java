package dev.startle.smtp.server;

import dev.startle.core.StartleException;

/**
 * The incoming message broke a server limit or policy (too large, bare CR or LF under the REJECT policy); its content
 * fails with this and the client is told so after the end of data.
 */
public final class MessageRejectedException extends StartleException {
    private static final long serialVersionUID = 1L;

    private final transient SmtpRejectException reply;

    /** A rejection the client will see as {@code reply}. */
    public MessageRejectedException(SmtpRejectException reply) {
        super(reply.replyLine());
        this.reply = reply;
    }

    /** The reply the client gets. */
    public SmtpRejectException reply() {
        return reply;
    }
}
