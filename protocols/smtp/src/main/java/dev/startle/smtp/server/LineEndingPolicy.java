package dev.startle.smtp.server;

/**
 * What the server does with a bare LF or a bare CR in message data. Either way only {@code CRLF.CRLF} ends the data,
 * so a client (or an attacker relaying through one) cannot smuggle a second message behind {@code LF.LF} or
 * {@code LF.CRLF} (the 2023 "SMTP smuggling" attacks).
 */
public enum LineEndingPolicy {
    /** Refuse the message with {@code 550 5.6.0} after the end of data (the default). */
    REJECT,
    /** Turn each bare LF or bare CR into CRLF. */
    NORMALIZE
}
