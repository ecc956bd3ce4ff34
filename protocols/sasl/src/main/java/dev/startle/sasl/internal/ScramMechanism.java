package dev.startle.sasl.internal;

import dev.startle.sasl.ChannelBinding;
import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslCredential;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanism;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * SCRAM-SHA-1, SCRAM-SHA-256 (RFC 5802, RFC 7677) and their {@code -PLUS} channel-binding variants. Nonces are 24
 * random bytes from a {@link SecureRandom}, base64-encoded. Nonce generation and key derivation run on a scheduler
 * that may block (bounded elastic by default): PBKDF2 with up to a million iterations must not stall an event loop,
 * and {@code SecureRandom} may read from the OS.
 */
final class ScramMechanism implements SaslMechanism {
    private static final int NONCE_BYTES = 24;

    private final ScramAlgorithm algorithm;
    private final boolean plus;
    private final Supplier<String> nonces;
    private final Supplier<Scheduler> scheduler;

    ScramMechanism(ScramAlgorithm algorithm, boolean plus, Supplier<String> nonces, Supplier<Scheduler> scheduler) {
        this.algorithm = algorithm;
        this.plus = plus;
        this.nonces = nonces;
        this.scheduler = scheduler;
    }

    /** A mechanism with a fresh {@link SecureRandom} and the bounded-elastic scheduler. */
    static ScramMechanism create(ScramAlgorithm algorithm, boolean plus) {
        return new ScramMechanism(algorithm, plus, randomNonces(new SecureRandom()), Schedulers::boundedElastic);
    }

    /** Nonces of {@value #NONCE_BYTES} bytes from {@code random}, base64 (printable, never a comma). */
    static Supplier<String> randomNonces(SecureRandom random) {
        return () -> {
            byte[] bytes = new byte[NONCE_BYTES];
            random.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        };
    }

    @Override
    public String name() {
        return plus ? algorithm.mechanismName() + "-PLUS" : algorithm.mechanismName();
    }

    @Override
    public int strength() {
        int base = algorithm == ScramAlgorithm.SHA_256 ? 80 : 70;
        return plus ? base + 20 : base;
    }

    @Override
    public Class<? extends SaslCredential> credentialType() {
        return PasswordCredential.class;
    }

    @Override
    public boolean requiresChannelBinding() {
        return plus;
    }

    /**
     * Starts an exchange. The GS2 flag: {@code p=<type>} for {@code -PLUS}; otherwise {@code y} when binding data is
     * given (the client could bind but the server offered no {@code -PLUS}) and {@code n} when it is not.
     *
     * @throws IllegalArgumentException for a {@code -PLUS} mechanism without binding data
     */
    @Override
    public SaslExchange newExchange(SaslCredential credential, ChannelBinding channelBinding) {
        PasswordCredential password = CredentialCheck.require(this, credential, PasswordCredential.class);
        String flag;
        byte[] bindingData;
        if (plus) {
            if (!channelBinding.isPresent()) {
                throw new IllegalArgumentException(name() + " needs channel-binding data");
            }
            flag = "p=" + channelBinding.type();
            bindingData = channelBinding.data();
        } else {
            flag = channelBinding.isPresent() ? "y" : "n";
            bindingData = new byte[0];
        }
        String gs2Header = SaslNames.gs2Header(flag, password.authorizationId().orElse(null));
        return new ScramExchange(name(), algorithm, password, gs2Header, bindingData, nonces, scheduler.get());
    }
}
