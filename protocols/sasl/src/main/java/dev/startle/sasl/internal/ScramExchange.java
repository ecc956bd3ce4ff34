package dev.startle.sasl.internal;

import dev.startle.sasl.PasswordCredential;
import dev.startle.sasl.SaslException;
import dev.startle.sasl.SaslProtocolException;
import dev.startle.sasl.SaslServerVerificationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The SCRAM client state machine (RFC 5802 section 3): client-first, then client-final in answer to server-first, then
 * verification of server-final, which arrives either as a challenge (answered with an empty response) or as the
 * success data given to {@link #verifyServerFinal}.
 */
final class ScramExchange extends ClientFirstExchange {
    private enum State {
        START,
        AWAIT_SERVER_FIRST,
        DERIVING,
        AWAIT_SERVER_FINAL,
        VERIFIED,
        FAILED
    }

    private final ScramAlgorithm algorithm;
    private final PasswordCredential credential;
    private final String gs2Header;
    private final byte[] bindingData;
    private final Supplier<String> nonces;
    private final Scheduler scheduler;

    // Written before the volatile state, which publishes them to whichever thread drives the next step.
    private String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private volatile State state = State.START;

    ScramExchange(
            String mechanism,
            ScramAlgorithm algorithm,
            PasswordCredential credential,
            String gs2Header,
            byte[] bindingData,
            Supplier<String> nonces,
            Scheduler scheduler) {
        super(mechanism);
        this.algorithm = algorithm;
        this.credential = credential;
        this.gs2Header = gs2Header;
        this.bindingData = bindingData;
        this.nonces = nonces;
        this.scheduler = scheduler;
    }

    @Override
    Mono<byte[]> firstMessage() {
        return Mono.fromCallable(() -> {
                    String user = SaslNames.escape(SaslPrep.prepareQuery(credential.username(), "SCRAM user name"));
                    clientNonce = nonces.get();
                    clientFirstBare = "n=" + user + ",r=" + clientNonce;
                    state = State.AWAIT_SERVER_FIRST;
                    return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
                })
                .subscribeOn(scheduler)
                .doOnError(e -> state = State.FAILED);
    }

    @Override
    Mono<byte[]> next(byte[] challenge) {
        State current = state;
        switch (current) {
            case AWAIT_SERVER_FIRST:
                state = State.DERIVING;
                return clientFinal(challenge).doOnError(e -> state = State.FAILED);
            case AWAIT_SERVER_FINAL:
                try {
                    ScramServerFinal.verify(mechanism(), text(challenge), expectedServerSignature);
                } catch (SaslException e) {
                    state = State.FAILED;
                    return Mono.error(e);
                }
                state = State.VERIFIED;
                return Mono.just(new byte[0]);
            case FAILED:
                return Mono.error(new SaslException(mechanism() + ": the exchange has already failed"));
            default:
                return Mono.error(
                        new SaslProtocolException(mechanism() + ": unexpected challenge in state " + current));
        }
    }

    @Override
    public void verifyServerFinal(byte[] data) {
        State current = state;
        if (current == State.VERIFIED && data.length == 0) {
            return;
        }
        if (current != State.VERIFIED && current != State.AWAIT_SERVER_FINAL) {
            state = State.FAILED;
            throw new SaslServerVerificationException(
                    mechanism() + ": the server reported success before the SCRAM exchange completed");
        }
        if (data.length == 0) {
            state = State.FAILED;
            throw new SaslServerVerificationException(
                    mechanism() + ": the server reported success without its SCRAM signature (server-final message)");
        }
        try {
            ScramServerFinal.verify(mechanism(), text(data), expectedServerSignature);
        } catch (SaslException e) {
            state = State.FAILED;
            throw e;
        }
        state = State.VERIFIED;
    }

    private Mono<byte[]> clientFinal(byte[] challenge) {
        ScramServerFirst serverFirst;
        try {
            serverFirst = ScramServerFirst.parse(mechanism(), text(challenge), clientNonce);
        } catch (SaslException e) {
            return Mono.error(e);
        }
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] binding = new byte[header.length + bindingData.length];
        System.arraycopy(header, 0, binding, 0, header.length);
        System.arraycopy(bindingData, 0, binding, header.length, bindingData.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(binding) + ",r=" + serverFirst.nonce();
        byte[] authMessage =
                (clientFirstBare + "," + serverFirst.raw() + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        return Mono.fromCallable(() -> {
                    ScramProof proof = derive(serverFirst, authMessage);
                    expectedServerSignature = proof.serverSignature();
                    String clientFinal =
                            withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof.clientProof());
                    Secrets.wipe(proof.clientProof());
                    state = State.AWAIT_SERVER_FINAL;
                    return clientFinal.getBytes(StandardCharsets.UTF_8);
                })
                .subscribeOn(scheduler);
    }

    private ScramProof derive(ScramServerFirst serverFirst, byte[] authMessage) {
        char[] password = credential.password();
        char[] normalized = null;
        try {
            normalized = SaslPrep.prepareStored(new String(password), "SCRAM password")
                    .toCharArray();
            if (normalized.length == 0) {
                throw new SaslException(mechanism() + ": the password is empty after SASLprep");
            }
            return ScramProof.compute(algorithm, normalized, serverFirst.salt(), serverFirst.iterations(), authMessage);
        } finally {
            Secrets.wipe(password);
            if (normalized != null) {
                Secrets.wipe(normalized);
            }
        }
    }

    /** Server messages are UTF-8; anything else is a protocol violation. */
    private String text(byte[] message) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SaslProtocolException(mechanism() + ": the server message is not valid UTF-8", e);
        }
    }
}
