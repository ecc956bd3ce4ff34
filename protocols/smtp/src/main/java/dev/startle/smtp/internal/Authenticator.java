package dev.startle.smtp.internal;

import dev.startle.core.LineConnection;
import dev.startle.smtp.SmtpExtensions;
import reactor.core.publisher.Mono;

/** Runs the AUTH exchange of a session (the SASL mechanisms live in startle-sasl). */
@FunctionalInterface
public interface Authenticator {
    /** Authenticates over {@code connection}, reading replies from {@code replies}; completes when the server said 235. */
    Mono<Void> authenticate(LineConnection connection, ReplyReader replies, SmtpExtensions extensions);
}
