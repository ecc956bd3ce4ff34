package dev.startle.sasl;

import java.util.Objects;
import java.util.Optional;

/**
 * A user name and password, with an optional authorization identity (the identity to act as, when it differs from the
 * one authenticating). Used by PLAIN, LOGIN, CRAM-MD5 and SCRAM. Immutable: the password array is copied in and out.
 *
 * <p>{@code toString()} shows the identities only, never the password. The password is kept as a {@code char[]}; note
 * that mechanisms still turn it into bytes (and, for SCRAM's SASLprep, briefly into a {@code String}) per exchange.
 *
 * <pre>{@code
 * PasswordCredential alice = PasswordCredential.of("alice", passwordChars);
 * PasswordCredential asShared = alice.withAuthorizationId("shared-mailbox");
 * }</pre>
 */
public final class PasswordCredential implements SaslCredential {
    private final String username;

    private final String authorizationId;

    private final char[] password;

    private PasswordCredential(String username, String authorizationId, char[] password) {
        this.username = username;
        this.authorizationId = authorizationId;
        this.password = password;
    }

    /**
     * A credential from a password array (copied; the caller may wipe its array afterwards).
     *
     * @throws IllegalArgumentException if the user name or password is empty
     */
    public static PasswordCredential of(String username, char[] password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username must not be empty");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        return new PasswordCredential(username, null, password.clone());
    }

    /**
     * A credential from a password string.
     *
     * @throws IllegalArgumentException if the user name or password is empty
     */
    public static PasswordCredential of(String username, String password) {
        Objects.requireNonNull(password, "password");
        return of(username, password.toCharArray());
    }

    /**
     * A copy that asks to act as {@code authorizationId} (PLAIN's authzid, SCRAM's {@code a=}); mechanisms that cannot
     * carry one (LOGIN, CRAM-MD5) are then not selected.
     *
     * @throws IllegalArgumentException if {@code authorizationId} is empty
     */
    public PasswordCredential withAuthorizationId(String authorizationId) {
        Objects.requireNonNull(authorizationId, "authorizationId");
        if (authorizationId.isEmpty()) {
            throw new IllegalArgumentException("authorizationId must not be empty");
        }
        return new PasswordCredential(username, authorizationId, password.clone());
    }

    /** The authentication identity (the user name that the password belongs to). */
    @Override
    public String username() {
        return username;
    }

    /** The authorization identity, when the user asked to act as someone else. */
    public Optional<String> authorizationId() {
        return Optional.ofNullable(authorizationId);
    }

    /** A fresh copy of the password; the caller should wipe it ({@code Arrays.fill(p, '\0')}) when done. */
    public char[] password() {
        return password.clone();
    }

    /** The identities and a redaction marker; never the password. */
    @Override
    public String toString() {
        return "PasswordCredential[username=" + username
                + (authorizationId == null ? "" : ", authorizationId=" + authorizationId)
                + ", password=<redacted>]";
    }
}
