package dev.startle.smtp.internal;

import dev.startle.core.LineConnection;
import dev.startle.core.TlsInfo;
import dev.startle.sasl.ChannelBinding;
import dev.startle.sasl.SaslCredential;
import dev.startle.sasl.SaslExchange;
import dev.startle.sasl.SaslMechanisms;
import dev.startle.smtp.SmtpAuthenticationException;
import dev.startle.smtp.SmtpExtensions;
import dev.startle.smtp.SmtpReply;
import java.util.Base64;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * SMTP AUTH (RFC 4954) over a SASL exchange: {@code AUTH <mechanism> <initial response>}, then one base64 line per
 * {@code 334} challenge until {@code 235}. The wiretap is redacted for the whole exchange. SCRAM-*-PLUS binds to the
 * TLS server certificate ({@code tls-server-end-point}) when the server offers it.
 */
public final class SmtpAuthenticator implements Authenticator {
    private final SaslCredential credential;
    private final String pinned;

    /** Authenticates with {@code credential}, with the {@code pinned} mechanism or (null) the strongest offered. */
    public SmtpAuthenticator(SaslCredential credential, String pinned) {
        this.credential = credential;
        this.pinned = pinned;
    }

    @Override
    public Mono<Void> authenticate(LineConnection connection, ReplyReader replies, SmtpExtensions extensions) {
        return Mono.defer(() -> {
            ChannelBinding binding = connection
                    .tls()
                    .flatMap(TlsInfo::tlsServerEndPoint)
                    .map(data -> ChannelBinding.of("tls-server-end-point", data))
                    .orElse(ChannelBinding.none());
            SaslExchange exchange =
                    SaslMechanisms.defaults().newExchange(extensions.authMechanisms(), credential, binding, pinned);
            Disposable redaction = connection.redact("AUTH " + exchange.mechanism());
            Mono<String> first = exchange.isClientFirst()
                    ? exchange.initialResponse().map(r -> "AUTH " + exchange.mechanism() + " " + encode(r))
                    : Mono.just("AUTH " + exchange.mechanism());
            // Un-redact before the completion travels on: the next command (MAIL FROM) must be logged again.
            return first.flatMap(line -> step(connection, replies, exchange, line))
                    .doOnTerminate(redaction::dispose)
                    .doOnCancel(redaction::dispose);
        });
    }

    private Mono<Void> step(LineConnection connection, ReplyReader replies, SaslExchange exchange, String line) {
        return connection.send(line).then(replies.next()).flatMap(reply -> {
            if (reply.code() == 235) {
                exchange.verifyServerFinal(new byte[0]);
                return Mono.empty();
            }
            if (reply.code() == 334) {
                byte[] challenge;
                try {
                    challenge = Base64.getDecoder().decode(reply.lines().get(0).trim());
                } catch (IllegalArgumentException e) {
                    return cancel(connection, replies)
                            .then(Mono.error(new dev.startle.core.ProtocolViolationException(
                                    "AUTH challenge is not base64: " + reply)));
                }
                return exchange.respond(challenge)
                        .onErrorResume(error -> cancel(connection, replies).then(Mono.error(error)))
                        // A continuation response is plain base64, empty for an empty response (no "=" here).
                        .flatMap(response -> step(
                                connection,
                                replies,
                                exchange,
                                Base64.getEncoder().encodeToString(response)));
            }
            return Mono.error(new SmtpAuthenticationException(exchange.mechanism(), reply));
        });
    }

    /** RFC 4954 section 4: "*" cancels the exchange; the server answers 501. */
    private static Mono<SmtpReply> cancel(LineConnection connection, ReplyReader replies) {
        return connection.send("*").then(replies.next()).onErrorResume(e -> Mono.empty());
    }

    /** An initial response: base64, or "=" when empty (RFC 4954 section 4). */
    private static String encode(byte[] bytes) {
        return bytes.length == 0 ? "=" : Base64.getEncoder().encodeToString(bytes);
    }
}
