package dev.startle.smtp.internal.server;

import dev.startle.core.Line;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** AUTH PLAIN and AUTH LOGIN on the server side (RFC 4954, RFC 4616); continuation lines are wiretap-redacted. */
final class ServerAuth {
    private ServerAuth() {}

    static Mono<Void> run(ServerSession session, String args) {
        if (!session.authOffered()) {
            return session.authenticatedUser().isPresent()
                    ? session.badSequence("already authenticated")
                    : session.reply(
                            503, "5.5.1", "AUTH not available" + (session.isSecure() ? "" : " before STARTTLS"));
        }
        if (session.heloName().isEmpty()) {
            return session.badSequence("send EHLO first");
        }
        if (session.transaction != null) {
            return session.badSequence("AUTH not allowed during a mail transaction");
        }
        String[] parts = args.split(" ", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1].trim() : null;
        return switch (mechanism) {
            case "PLAIN" ->
                (initial != null ? Mono.just(initial) : continuation(session, ""))
                        .flatMap(response -> plain(session, response));
            case "LOGIN" ->
                (initial != null ? Mono.just(initial) : continuation(session, "VXNlcm5hbWU6"))
                        .flatMap(user -> continuation(session, "UGFzc3dvcmQ6")
                                .flatMap(password -> login(session, user, password)));
            default -> session.reply(504, "5.5.4", "Unrecognized authentication type");
        };
    }

    /** Sends {@code 334 challenge} and reads the client's answer with the wiretap redacted. */
    private static Mono<String> continuation(ServerSession session, String challenge) {
        return Mono.defer(() -> {
            Disposable redaction = session.connection.redact("AUTH");
            return session.connection
                    .send("334 " + challenge)
                    .then(session.connection
                            .frames(session.settings.commandFraming())
                            .next())
                    .map(Line::text)
                    .doOnTerminate(redaction::dispose)
                    .doOnCancel(redaction::dispose);
        });
    }

    private static Mono<Void> plain(ServerSession session, String response) {
        if (response.equals("*")) {
            return session.reply(501, "5.0.0", "Authentication cancelled");
        }
        byte[] decoded = decode(response);
        if (decoded == null) {
            return session.reply(501, "5.5.2", "Invalid base64");
        }
        String[] fields = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (fields.length != 3) {
            return session.reply(501, "5.5.2", "Malformed PLAIN response");
        }
        return check(session, fields[0], fields[1], fields[2].toCharArray());
    }

    private static Mono<Void> login(ServerSession session, String user, String password) {
        if (user.equals("*") || password.equals("*")) {
            return session.reply(501, "5.0.0", "Authentication cancelled");
        }
        byte[] u = decode(user);
        byte[] p = decode(password);
        if (u == null || p == null) {
            return session.reply(501, "5.5.2", "Invalid base64");
        }
        return check(
                session,
                "",
                new String(u, StandardCharsets.UTF_8),
                new String(p, StandardCharsets.UTF_8).toCharArray());
    }

    private static Mono<Void> check(ServerSession session, String authzid, String user, char[] password) {
        return session.settings
                .authenticator()
                .authenticate(authzid, user, password)
                .defaultIfEmpty(false)
                .onErrorResume(e -> Mono.just(false))
                .flatMap(ok -> {
                    java.util.Arrays.fill(password, '\0');
                    if (ok) {
                        session.authenticated(authzid.isEmpty() ? user : authzid);
                        return session.reply(235, "2.7.0", "Authentication successful");
                    }
                    return session.reply(535, "5.7.8", "Authentication credentials invalid");
                });
    }

    private static byte[] decode(String base64) {
        try {
            return base64.equals("=") ? new byte[0] : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
