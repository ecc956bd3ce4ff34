package dev.startle.sasl.internal;

import dev.startle.sasl.SaslMechanism;

/** The built-in mechanism instances behind the factories of {@link SaslMechanism}. Mechanisms are stateless. */
public final class BuiltInMechanisms {
    private static final SaslMechanism PLAIN = new PlainMechanism();
    private static final SaslMechanism LOGIN = new LoginMechanism();
    private static final SaslMechanism CRAM_MD5 = new CramMd5Mechanism();
    private static final SaslMechanism XOAUTH2 = new XOAuth2Mechanism();
    private static final SaslMechanism OAUTHBEARER = new OAuthBearerMechanism();
    private static final SaslMechanism SCRAM_SHA_1 = ScramMechanism.create(ScramAlgorithm.SHA_1, false);
    private static final SaslMechanism SCRAM_SHA_256 = ScramMechanism.create(ScramAlgorithm.SHA_256, false);
    private static final SaslMechanism SCRAM_SHA_1_PLUS = ScramMechanism.create(ScramAlgorithm.SHA_1, true);
    private static final SaslMechanism SCRAM_SHA_256_PLUS = ScramMechanism.create(ScramAlgorithm.SHA_256, true);

    private BuiltInMechanisms() {}

    /** PLAIN. */
    public static SaslMechanism plain() {
        return PLAIN;
    }

    /** LOGIN. */
    public static SaslMechanism login() {
        return LOGIN;
    }

    /** CRAM-MD5. */
    public static SaslMechanism cramMd5() {
        return CRAM_MD5;
    }

    /** XOAUTH2. */
    public static SaslMechanism xoauth2() {
        return XOAUTH2;
    }

    /** OAUTHBEARER. */
    public static SaslMechanism oauthBearer() {
        return OAUTHBEARER;
    }

    /** SCRAM-SHA-1. */
    public static SaslMechanism scramSha1() {
        return SCRAM_SHA_1;
    }

    /** SCRAM-SHA-256. */
    public static SaslMechanism scramSha256() {
        return SCRAM_SHA_256;
    }

    /** SCRAM-SHA-1-PLUS. */
    public static SaslMechanism scramSha1Plus() {
        return SCRAM_SHA_1_PLUS;
    }

    /** SCRAM-SHA-256-PLUS. */
    public static SaslMechanism scramSha256Plus() {
        return SCRAM_SHA_256_PLUS;
    }
}
