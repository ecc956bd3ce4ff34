package dev.startle.sasl;

import dev.startle.sasl.internal.BuiltInMechanisms;

/**
 * A SASL mechanism: a stateless factory of {@link SaslExchange}s, plus what {@link SaslMechanisms} needs to choose
 * among mechanisms. The built-in ones are available from the static methods here; a custom mechanism implements this
 * interface and is added with {@link SaslMechanisms#with(SaslMechanism)}.
 */
public interface SaslMechanism {
    /** The registered mechanism name, upper case, e.g. {@code "SCRAM-SHA-256"}. */
    String name();

    /**
     * How strongly this mechanism protects the credential; higher is stronger. Only compared between mechanisms that
     * can use the same credential. Built-in values: SCRAM-SHA-256-PLUS 100, SCRAM-SHA-1-PLUS 90, SCRAM-SHA-256 80,
     * SCRAM-SHA-1 70, OAUTHBEARER 60, XOAUTH2 55, PLAIN 50, LOGIN 40, CRAM-MD5 10.
     */
    int strength();

    /** The kind of credential this mechanism authenticates with. */
    Class<? extends SaslCredential> credentialType();

    /**
     * Whether this mechanism can authenticate with {@code credential}. By default, whether the credential is a {@link
     * #credentialType()}; mechanisms that cannot carry an authorization identity (LOGIN, CRAM-MD5) also refuse a
     * credential that has one.
     */
    default boolean supports(SaslCredential credential) {
        return credentialType().isInstance(credential);
    }

    /** Whether this mechanism needs {@link ChannelBinding} data (the SCRAM {@code -PLUS} variants). */
    default boolean requiresChannelBinding() {
        return false;
    }

    /**
     * Starts an authentication.
     *
     * @param credential a credential this mechanism {@link #supports}
     * @param channelBinding the connection's binding, or {@link ChannelBinding#none()}; see {@link ChannelBinding} for
     *     how SCRAM turns it into a GS2 flag. Mechanisms without channel binding ignore it.
     * @throws IllegalArgumentException if the credential is not supported, or binding data is required and absent
     */
    SaslExchange newExchange(SaslCredential credential, ChannelBinding channelBinding);

    /** Starts an authentication without channel binding; see {@link #newExchange(SaslCredential, ChannelBinding)}. */
    default SaslExchange newExchange(SaslCredential credential) {
        return newExchange(credential, ChannelBinding.none());
    }

    /** PLAIN (RFC 4616): authzid, user and password in the clear; fine inside TLS. */
    static SaslMechanism plain() {
        return BuiltInMechanisms.plain();
    }

    /** LOGIN (draft-murchison-sasl-login): user then password, answering the server's two prompts in order. */
    static SaslMechanism login() {
        return BuiltInMechanisms.login();
    }

    /** CRAM-MD5 (RFC 2195): legacy challenge-response with HMAC-MD5; the weakest choice, kept for old servers. */
    static SaslMechanism cramMd5() {
        return BuiltInMechanisms.cramMd5();
    }

    /** XOAUTH2 (Google, Microsoft): user and bearer token. */
    static SaslMechanism xoauth2() {
        return BuiltInMechanisms.xoauth2();
    }

    /** OAUTHBEARER (RFC 7628): user and bearer token in a GS2 framed message. */
    static SaslMechanism oauthBearer() {
        return BuiltInMechanisms.oauthBearer();
    }

    /** SCRAM-SHA-1 (RFC 5802): salted challenge-response with mutual authentication. */
    static SaslMechanism scramSha1() {
        return BuiltInMechanisms.scramSha1();
    }

    /** SCRAM-SHA-256 (RFC 7677): salted challenge-response with mutual authentication. */
    static SaslMechanism scramSha256() {
        return BuiltInMechanisms.scramSha256();
    }

    /** SCRAM-SHA-1-PLUS: SCRAM-SHA-1 bound to the TLS channel; needs {@link ChannelBinding} data. */
    static SaslMechanism scramSha1Plus() {
        return BuiltInMechanisms.scramSha1Plus();
    }

    /** SCRAM-SHA-256-PLUS: SCRAM-SHA-256 bound to the TLS channel; needs {@link ChannelBinding} data. */
    static SaslMechanism scramSha256Plus() {
        return BuiltInMechanisms.scramSha256Plus();
    }
}
