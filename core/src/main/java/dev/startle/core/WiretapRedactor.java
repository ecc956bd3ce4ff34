package dev.startle.core;

/** Rewrites a line before the wiretap logs it, e.g. to mask credentials. Must be fast and never throw. */
@FunctionalInterface
public interface WiretapRedactor {
    /** The text to log instead of {@code line}; return {@code line} itself to keep it. */
    String redact(WiretapListener.Direction direction, String line);
}
