package dev.startle.core;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a connection's conversation line by line, as plaintext on both sides of the TLS upgrade, each line marked
 * {@code plain} or {@code tls}. Raw byte payloads (message bodies) are summarised as {@code <N bytes>}, never logged.
 * Protocol modules redact credentials with {@link LineConnection#redact(String)}; a {@link WiretapRedactor} can mask
 * more.
 *
 * <pre>{@code
 * LineClient.create().host("mail.example.org").port(25).wiretap(Wiretap.slf4j("smtp.wire"));
 * }</pre>
 */
public final class Wiretap {
    private static final Wiretap DISABLED = new Wiretap(null, (d, l) -> l);

    private final WiretapListener listener;
    private final WiretapRedactor redactor;

    private Wiretap(WiretapListener listener, WiretapRedactor redactor) {
        this.listener = listener;
        this.redactor = redactor;
    }

    /** No logging (the default). */
    public static Wiretap disabled() {
        return DISABLED;
    }

    /** Logs at DEBUG to the SLF4J logger {@code loggerName}: {@code [id] plain > EHLO client.example}. */
    public static Wiretap slf4j(String loggerName) {
        Logger log = LoggerFactory.getLogger(loggerName);
        return new Wiretap(
                (id, direction, secure, text) -> {
                    if (log.isDebugEnabled()) {
                        log.debug(
                                "[{}] {} {} {}",
                                id,
                                secure ? "tls  " : "plain",
                                direction == WiretapListener.Direction.INBOUND ? "<" : ">",
                                text);
                    }
                },
                (d, l) -> l);
    }

    /** Hands every (redacted) line to {@code listener}, e.g. to print a transcript. */
    public static Wiretap to(WiretapListener listener) {
        return new Wiretap(Objects.requireNonNull(listener, "listener"), (d, l) -> l);
    }

    /** The same wiretap, with {@code redactor} applied to every line before it is logged. */
    public Wiretap withRedactor(WiretapRedactor redactor) {
        return new Wiretap(listener, Objects.requireNonNull(redactor, "redactor"));
    }

    /**
     * The same wiretap, with {@code redactor} applied after the redactors it already has (protocol modules add
     * theirs, e.g. to mask {@code AUTH PLAIN <credentials>} lines, without dropping the user's).
     */
    public Wiretap andRedactor(WiretapRedactor redactor) {
        Objects.requireNonNull(redactor, "redactor");
        WiretapRedactor first = this.redactor;
        return new Wiretap(listener, (direction, line) -> redactor.redact(direction, first.redact(direction, line)));
    }

    /** Whether anything is logged. */
    public boolean isEnabled() {
        return listener != null;
    }

    /** Logs one line; no-op when disabled. Used by the core and protocol modules. */
    public void log(String connectionId, WiretapListener.Direction direction, boolean secure, String text) {
        if (listener != null) {
            listener.onLine(connectionId, direction, secure, redactor.redact(direction, text));
        }
    }
}
