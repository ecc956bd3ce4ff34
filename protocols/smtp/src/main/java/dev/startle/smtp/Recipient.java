package dev.startle.smtp;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One envelope recipient (RCPT TO), with the delivery status notification options of RFC 3461 that are sent when the
 * server offers DSN.
 */
public final class Recipient {
    /** When the recipient's server should send a delivery status notification (RFC 3461 NOTIFY). */
    public enum Notify {
        /** Never (cannot be combined with the others). */
        NEVER,
        /** On successful delivery. */
        SUCCESS,
        /** On failure. */
        FAILURE,
        /** When delivery is delayed. */
        DELAY
    }

    private final String address;
    private final Set<Notify> notify;
    private final String originalRecipient;

    private Recipient(String address, Set<Notify> notify, String originalRecipient) {
        this.address = Addresses.check(address, "recipient");
        this.notify = notify;
        this.originalRecipient = originalRecipient;
    }

    /** A recipient with no DSN options. */
    public static Recipient of(String address) {
        return new Recipient(address, Set.of(), null);
    }

    /** The same recipient with NOTIFY options; {@code NEVER} must stand alone. */
    public Recipient notify(Notify first, Notify... more) {
        EnumSet<Notify> set = EnumSet.of(first, more);
        if (set.contains(Notify.NEVER) && set.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other options");
        }
        return new Recipient(address, Set.copyOf(set), originalRecipient);
    }

    /** The same recipient with ORCPT (the original recipient, as an rfc822 address). */
    public Recipient originalRecipient(String original) {
        return new Recipient(address, notify, Addresses.check(original, "original recipient"));
    }

    /** The address (a mailbox; may contain UTF-8, which needs SMTPUTF8). */
    public String address() {
        return address;
    }

    /** The NOTIFY options; empty when none were set. */
    public Set<Notify> notifyOptions() {
        return notify;
    }

    /** The ORCPT address, if set. */
    public Optional<String> originalRecipient() {
        return Optional.ofNullable(originalRecipient);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recipient r
                && r.address.equals(address)
                && r.notify.equals(notify)
                && Objects.equals(r.originalRecipient, originalRecipient);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, notify, originalRecipient);
    }

    @Override
    public String toString() {
        return address;
    }
}
