package dev.startle.sasl;

import java.util.List;
import java.util.Optional;

/**
 * No mechanism can be used: the server offers none this client supports for the given credential, or the mechanism
 * the user pinned is not offered, not known, or not usable with the credential. Carries what the server offered so the
 * caller can report it.
 */
public class SaslMechanismUnavailableException extends SaslException {
    private static final long serialVersionUID = 1L;

    private final List<String> offered;

    private final String pinned;

    /**
     * An exception listing the server's mechanisms.
     *
     * @param message what went wrong
     * @param offered the mechanism names the server offered (upper case), in the server's order
     * @param pinned the mechanism the user asked for, or {@code null} when the choice was automatic
     */
    public SaslMechanismUnavailableException(String message, List<String> offered, String pinned) {
        super(message);
        this.offered = List.copyOf(offered);
        this.pinned = pinned;
    }

    /** The mechanism names the server offered, upper case, in the server's order; empty when it offered none. */
    public List<String> offered() {
        return offered;
    }

    /** The mechanism the user pinned, or empty when the client chose automatically. */
    public Optional<String> pinned() {
        return Optional.ofNullable(pinned);
    }
}
