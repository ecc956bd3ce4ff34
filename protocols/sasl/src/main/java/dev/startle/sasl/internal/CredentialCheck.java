package dev.startle.sasl.internal;

import dev.startle.sasl.SaslCredential;
import dev.startle.sasl.SaslMechanism;

/** Argument checks shared by the built-in mechanisms' {@code newExchange}. */
final class CredentialCheck {
    private CredentialCheck() {}

    /** {@code credential} as a {@code type}, if {@code mechanism} supports it; else an IllegalArgumentException. */
    static <T extends SaslCredential> T require(SaslMechanism mechanism, SaslCredential credential, Class<T> type) {
        if (credential == null || !mechanism.supports(credential)) {
            throw new IllegalArgumentException(mechanism.name() + " cannot authenticate with "
                    + (credential == null
                            ? "null"
                            : "this " + credential.getClass().getSimpleName()));
        }
        return type.cast(credential);
    }
}
