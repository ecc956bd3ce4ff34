package dev.startle.sasl;

/**
 * What a client authenticates with. Built-in kinds are {@link PasswordCredential} and {@link OAuth2Credential}; a
 * custom {@link SaslMechanism} may define its own. Implementations must keep secrets out of {@code toString()}.
 */
public interface SaslCredential {
    /** The identity being authenticated (the SASL authentication identity); not secret, safe to log. */
    String username();
}
