package dev.startle.smtp;

import java.util.Map;

/**
 * The server refused every recipient (or, when all recipients are required, at least one); nothing was sent. Carries
 * the reply for each refused recipient; transient when every refusal was.
 */
public final class RecipientsRejectedException extends SmtpException {
    private static final long serialVersionUID = 1L;

    private final transient Map<Recipient, SmtpReply> rejected;

    /** A refusal of the recipients in {@code rejected}; {@code first} is the first refusal's reply. */
    public RecipientsRejectedException(Map<Recipient, SmtpReply> rejected, SmtpReply first) {
        super("RCPT TO", first);
        this.rejected = Map.copyOf(rejected);
    }

    /** Each refused recipient with the server's reply. */
    public Map<Recipient, SmtpReply> rejected() {
        return rejected;
    }

    @Override
    public boolean isTransient() {
        return rejected.values().stream().allMatch(SmtpReply::isTransient);
    }

    @Override
    public boolean isPermanent() {
        return !isTransient();
    }
}
