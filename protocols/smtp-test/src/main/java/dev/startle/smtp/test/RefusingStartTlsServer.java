package dev.startle.smtp.test;

import dev.startle.core.Line;
import dev.startle.core.LineConnection;
import dev.startle.core.LineServer;
import dev.startle.core.TlsMode;
import java.time.Duration;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;

/**
 * {@link StartTlsBehaviour#REFUSED}: a scripted SMTP responder that offers STARTTLS, refuses it with {@code 454}, and
 * refuses every mail command with {@code 530} because it requires TLS (Postfix with {@code
 * smtpd_tls_security_level=encrypt} and unreadable key files answers the same). It never accepts a message, so it needs
 * no message parser; lines are read one at a time.
 */
final class RefusingStartTlsServer {
    private static final int MAX_BAD_COMMANDS = 20;

    private RefusingStartTlsServer() {}

    static DisposableServer bind(LoopResources loops, int port, String hostname, Duration commandTimeout) {
        return LineServer.create()
                .runOn(loops)
                .host(EmbeddedSmtpServer.HOST)
                .port(port)
                .tlsMode(TlsMode.NONE)
                .readTimeout(commandTimeout)
                .maxLineLength(4096)
                .bindNow(connection -> new Conversation(connection, hostname).run());
    }

    private static final class Conversation {
        private final LineConnection connection;
        private final String hostname;
        private int badCommands;
        private boolean done;

        Conversation(LineConnection connection, String hostname) {
            this.connection = connection;
            this.hostname = hostname;
        }

        Mono<Void> run() {
            return connection
                    .send("220 " + hostname + " ESMTP Startle test kit")
                    .then(Mono.defer(() -> connection
                                    .lines()
                                    .next()
                                    .switchIfEmpty(Mono.fromRunnable(() -> done = true))
                                    .flatMap(this::answer))
                            .repeat(() -> !done && connection.isOpen())
                            .then())
                    .onErrorResume(e -> Mono.empty());
        }

        private Mono<Void> answer(Line line) {
            String text = line.text();
            int space = text.indexOf(' ');
            String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
            String name = space < 0 ? "" : text.substring(space + 1).trim();
            return switch (verb) {
                case "EHLO" ->
                    connection.send(
                            "250-" + hostname + " greets " + name,
                            "250-8BITMIME",
                            "250-ENHANCEDSTATUSCODES",
                            "250 STARTTLS");
                case "HELO" -> connection.send("250 " + hostname);
                case "STARTTLS" -> connection.send("454 4.7.0 TLS not available due to local problem");
                case "MAIL", "RCPT", "DATA", "BDAT", "AUTH", "VRFY" ->
                    connection.send("530 5.7.0 Must issue a STARTTLS command first");
                case "RSET", "NOOP" -> connection.send("250 2.0.0 Ok");
                case "QUIT" -> {
                    done = true;
                    yield connection.send("221 2.0.0 Bye");
                }
                default -> {
                    if (++badCommands >= MAX_BAD_COMMANDS) {
                        done = true;
                        yield connection.send("421 4.7.0 Too many unrecognized commands, closing");
                    }
                    yield connection.send("500 5.5.2 Command unrecognized");
                }
            };
        }
    }
}
