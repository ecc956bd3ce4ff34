package dev.startle.core;

/** Receives the conversation of connections with a {@link Wiretap}, after redaction. Called on event-loop threads. */
@FunctionalInterface
public interface WiretapListener {
    /** Which way a logged line went. */
    enum Direction {
        /** Received from the peer. */
        INBOUND,
        /** Sent to the peer. */
        OUTBOUND
    }

    /**
     * One line (or a summary such as {@code <4096 bytes>} for raw data).
     *
     * @param connectionId the connection's short id, as in {@link LineConnection#id()}
     * @param secure whether the line travelled under TLS
     */
    void onLine(String connectionId, Direction direction, boolean secure, String text);
}
