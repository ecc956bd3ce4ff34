package dev.startle.sasl.internal;

import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslProtocolException;
import reactor.core.publisher.Mono;

/**
 * The common shape of client-first exchanges: the first message goes out either as the initial response or, for
 * protocols without initial responses, in answer to the server's first, empty challenge (RFC 4422 section 4).
 */
abstract class ClientFirstExchange implements SaslExchange {
    private final String mechanism;
    private volatile boolean firstSent;

    ClientFirstExchange(String mechanism) {
        this.mechanism = mechanism;
    }

    /** The first message; called at most once. */
    abstract Mono<byte[]> firstMessage();

    /** The answer to a challenge that follows the first message; {@code challenge} is already a private copy. */
    abstract Mono<byte[]> next(byte[] challenge);

    @Override
    public final String mechanism() {
        return mechanism;
    }

    @Override
    public final boolean isClientFirst() {
        return true;
    }

    @Override
    public final Mono<byte[]> initialResponse() {
        return Mono.defer(() -> {
            if (firstSent) {
                return Mono.error(new SaslException(mechanism + ": the initial response was already sent"));
            }
            firstSent = true;
            return firstMessage();
        });
    }

    @Override
    public final Mono<byte[]> respond(byte[] challenge) {
        byte[] copy = challenge.clone();
        return Mono.defer(() -> {
            if (!firstSent) {
                if (copy.length != 0) {
                    return Mono.error(new SaslProtocolException(
                            mechanism + ": the server's first challenge must be empty for a client-first mechanism"));
                }
                firstSent = true;
                return firstMessage();
            }
            return next(copy);
        });
    }

    @Override
    public void verifyServerFinal(byte[] data) {
        // Only SCRAM authenticates the server; the others have nothing to check.
    }
}
