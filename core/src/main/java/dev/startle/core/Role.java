package dev.startle.core;

/** Which end of the conversation a {@link LineConnection} is: it decides how {@code upgradeToTls} handshakes. */
public enum Role {
    /** Opened the connection; handshakes as a TLS client after reading the go-ahead. */
    CLIENT,
    /** Accepted the connection; writes the go-ahead in plaintext, then handshakes as a TLS server. */
    SERVER
}
