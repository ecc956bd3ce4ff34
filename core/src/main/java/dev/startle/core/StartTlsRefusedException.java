package dev.startle.core;

/** The peer answered the STARTTLS command with something other than a go-ahead; the connection stays in plaintext. */
public final class StartTlsRefusedException extends StartTlsException {
    private static final long serialVersionUID = 1L;

    private final String reply;

    /** A refusal of {@code command} with the peer's {@code reply}. */
    public StartTlsRefusedException(String command, String reply) {
        super(command + " refused by the peer: " + reply);
        this.reply = reply;
    }

    /** What the peer answered. */
    public String reply() {
        return reply;
    }
}
