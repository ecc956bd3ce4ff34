package dev.startle.sasl;

import reactor.core.publisher.Mono;

/**
 * One authentication attempt with one mechanism: the client side of the SASL state machine (RFC 4422 section 3).
 * Created by {@link SaslMechanism#newExchange} or {@link SaslMechanisms#newExchange}; used once, then discarded.
 *
 * <p>The protocol layer drives it:
 *
 * <ol>
 *   <li>If {@link #isClientFirst()}, send the mechanism name with the bytes of {@link #initialResponse()} (SMTP:
 *       {@code AUTH <mechanism> <base64>}, an empty response as {@code =}); otherwise send the name alone. A
 *       protocol without initial responses sends the name alone: the server's first, empty challenge is then
 *       answered with the initial response by {@link #respond}.
 *   <li>For each server challenge (SMTP {@code 334 <base64>}), send the bytes of {@link #respond(byte[])}. If it
 *       fails, cancel the exchange (SMTP {@code *}) and report the error.
 *   <li>When the server reports success (SMTP {@code 235}), call {@link #verifyServerFinal(byte[])} with the success
 *       data if the protocol carries any (XMPP {@code <success>}), else with an empty array. If it throws, treat the
 *       authentication as failed.
 * </ol>
 *
 * <p>Every returned {@code Mono} is lazy and is meant to be subscribed once; the state advances on subscription.
 * Errors are {@link SaslException}s (or the credential's token source's own error). An exchange is not thread-safe:
 * call its methods one after another, each after the previous {@code Mono} has completed. Some steps (SCRAM key
 * derivation, nonce generation) complete on another scheduler so they never stall an event loop.
 *
 * <pre>{@code
 * // SMTP sketch: send(line) writes a command and emits the reply; b64/unb64 are the protocol's base64.
 * Mono<Reply> auth = exchange.initialResponse()
 *         .map(ir -> " " + (ir.length == 0 ? "=" : b64(ir)))
 *         .defaultIfEmpty("")
 *         .flatMap(ir -> send("AUTH " + exchange.mechanism() + ir))
 *         .expand(reply -> reply.code() == 334
 *                 ? exchange.respond(unb64(reply.text())).flatMap(answer -> send(b64(answer)))
 *                 : Mono.empty())
 *         .last()
 *         .doOnNext(reply -> {
 *             if (reply.code() == 235) {
 *                 exchange.verifyServerFinal(new byte[0]); // throws if SCRAM's server proof is missing or wrong
 *             }
 *         });
 * // On an error from respond(...), send "*" to cancel the exchange.
 * }</pre>
 */
public interface SaslExchange {
    /** The mechanism name to send, e.g. {@code "SCRAM-SHA-256"}. */
    String mechanism();

    /** Whether the client speaks first, i.e. whether {@link #initialResponse()} emits a value. */
    boolean isClientFirst();

    /**
     * The initial response.
     *
     * @return for a client-first mechanism, a {@code Mono} emitting the bytes to send with the mechanism name (possibly
     *     empty); for a server-first mechanism, an empty {@code Mono}. Fails with {@link SaslException} if the
     *     response cannot be built (e.g. a prohibited character in the credential) or was already produced.
     */
    Mono<byte[]> initialResponse();

    /**
     * The client's answer to one server challenge.
     *
     * @param challenge the decoded challenge bytes (empty when the server sent none); copied before use
     * @return a {@code Mono} emitting the bytes to send back (possibly empty). Fails with {@link SaslProtocolException}
     *     when the challenge is malformed or not expected at this point, {@link SaslServerVerificationException} when
     *     a SCRAM server-final message carries a wrong signature, and {@link SaslException} when the server reports a
     *     mechanism error.
     */
    Mono<byte[]> respond(byte[] challenge);

    /**
     * Checks the server's success: for SCRAM, that the server proved knowledge of the password, either in the
     * {@code data} given here (additional data with success) or in a server-final challenge already answered by
     * {@link #respond}. Other built-in mechanisms accept any data.
     *
     * @param data the additional data that came with the success, or an empty array when there was none
     * @throws SaslServerVerificationException if the server's proof is wrong or missing
     * @throws SaslException if the data reports a mechanism error
     */
    void verifyServerFinal(byte[] data);
}
