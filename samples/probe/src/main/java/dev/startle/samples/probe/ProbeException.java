package dev.startle.samples.probe;

/** The probe cannot go on; the message is the one-line reason shown to the user (usually quoting the server). */
final class ProbeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProbeException(String message) {
        super(message);
    }
}
