package dev.startle.smtp;

/** The server refused the credentials (e.g. {@code 535 5.7.8}) or the AUTH exchange; carries its reply. */
public final class SmtpAuthenticationException extends SmtpException {
    private static final long serialVersionUID = 1L;

    /** A refused AUTH with the server's reply. */
    public SmtpAuthenticationException(String mechanism, SmtpReply reply) {
        super("AUTH " + mechanism, reply);
    }
}
