package dev.startle.samples.probe;

/**
 * One protocol family's part of a probe: the opening, the capability question, the STARTTLS command and the
 * goodbye. {@link Probe} drives the phases, times them and upgrades the connection; a prober only talks. Each method
 * throws {@link ProbeException} with the server's answer when the server says no.
 */
interface Prober {

    /** Reads (or, for XMPP, opens) the server's greeting; returns it as one line for the report, or null. */
    String greet(Conversation c);

    /** Asks what the server offers now; null where the protocol has no such list (LDAP). */
    Capabilities capabilities(Conversation c);

    /** Whether {@code before} (the answer of {@link #capabilities} in plaintext) offers the STARTTLS command. */
    StartTlsOffer offer(Capabilities before);

    /**
     * What in {@code before} lets a client authenticate in plaintext (e.g. {@code "AUTH PLAIN LOGIN offered"}), or
     * null. Only a warning: a server may rightly consider its network safe (Dovecot trusts loopback).
     */
    default String plaintextAuth(Capabilities before) {
        return null;
    }

    /** Sends the STARTTLS command and reads the go-ahead; returns the go-ahead as one line for the report. */
    String startTls(Conversation c);

    /** After the upgrade, before capabilities are asked again: XMPP restarts its stream here. */
    default void restart(Conversation c) {}

    /** Says goodbye politely; failures here are only noted. */
    void quit(Conversation c);
}
