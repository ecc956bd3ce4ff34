package dev.startle.samples.probe;

/** Whether the server's capability list offered STARTTLS before TLS. */
enum StartTlsOffer {
    /** Listed (STARTTLS, STLS, AUTH TLS, the XMPP starttls feature). */
    OFFERED,
    /** The server listed its capabilities without it. */
    NOT_OFFERED,
    /** The protocol (LDAP) or the server (no CAPA, no FEAT) has no list to say it: the probe asks directly. */
    UNKNOWN
}
