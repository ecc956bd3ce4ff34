package dev.startle.smtp;

import dev.startle.core.StartleException;

/**
 * The message needs an extension the server does not offer (SMTPUTF8 for UTF-8 addresses, 8BITMIME for 8-bit
 * content); refused locally, before MAIL FROM, instead of corrupting the message.
 */
public final class ExtensionRequiredException extends StartleException {
    private static final long serialVersionUID = 1L;

    private final String extension;

    /** The message needs {@code extension}, which the server did not offer. */
    public ExtensionRequiredException(String extension, String why) {
        super(why + " but the server does not offer " + extension);
        this.extension = extension;
    }

    /** The missing extension keyword. */
    public String extension() {
        return extension;
    }
}
