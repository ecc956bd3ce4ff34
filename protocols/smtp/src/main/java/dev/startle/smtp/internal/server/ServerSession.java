package dev.startle.smtp.internal.server;

import dev.startle.core.ConnectionClosedException;
import dev.startle.core.Line;
import dev.startle.core.LineConnection;
import dev.startle.core.TlsInfo;
import dev.startle.core.TlsMode;
import dev.startle.smtp.server.SmtpRejectException;
import dev.startle.smtp.server.SmtpServerSession;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One SMTP (or LMTP) server conversation: reads one command at a time (so nothing is read ahead of a STARTTLS switch
 * point), answers it, and hands decisions to the application's handler. Transactions live in {@link ServerTransaction}.
 */
public final class ServerSession implements SmtpServerSession {
    private static final Logger log = LoggerFactory.getLogger(ServerSession.class);
    private static final int MAX_BAD_COMMANDS = 20;

    final LineConnection connection;
    final ServerSettings settings;
    private String heloName;
    private String authenticatedUser;
    ServerTransaction transaction;
    private boolean done;
    private int badCommands;

    private ServerSession(LineConnection connection, ServerSettings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /** Runs the conversation on {@code connection}; completes when it ends. */
    public static Mono<Void> serve(LineConnection connection, ServerSettings settings) {
        return new ServerSession(connection, settings).run();
    }

    private Mono<Void> run() {
        String greeting = "220 " + settings.hostname() + (settings.lmtp() ? " LMTP" : " ESMTP") + " Startle";
        return settings.handler()
                .onConnect(this)
                .then(connection.send(greeting))
                .onErrorResume(SmtpRejectException.class, e -> {
                    done = true;
                    return connection.send(e.replyLine());
                })
                .then(Mono.defer(this::step)
                        .repeat(() -> !done && connection.isOpen())
                        .then())
                .onErrorResume(e -> {
                    log.debug("SMTP session {} ended: {}", connection.id(), e.toString());
                    return Mono.empty();
                })
                .then(connection.close());
    }

    /** Reads and answers one command. */
    private Mono<Void> step() {
        return connection
                .frames(settings.commandFraming())
                .next()
                .switchIfEmpty(Mono.fromRunnable(() -> done = true))
                .flatMap(this::dispatch);
    }

    private Mono<Void> dispatch(Line line) {
        String text = line.text();
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space + 1).trim();
        if (requiresTls(verb) && !connection.isSecure()) {
            Mono<Void> refusal = reply(530, "5.7.0", "Must issue a STARTTLS command first");
            return verb.equals("BDAT") ? refuseBdat(args, () -> refusal) : refusal;
        }
        return switch (verb) {
            case "EHLO" -> settings.lmtp() ? unknown() : helo(args, true);
            case "HELO" -> settings.lmtp() ? unknown() : helo(args, false);
            case "LHLO" -> settings.lmtp() ? helo(args, true) : unknown();
            case "STARTTLS" -> startTls(args);
            case "AUTH" -> ServerAuth.run(this, args);
            case "MAIL" -> mail(args);
            case "RCPT" -> transaction == null ? badSequence("MAIL first") : transaction.rcpt(args);
            case "DATA" -> transaction == null ? badSequence("MAIL first") : transaction.data(args);
            case "BDAT" ->
                transaction == null ? refuseBdat(args, () -> badSequence("MAIL first")) : transaction.bdat(args);
            case "RSET" -> {
                transaction = null;
                yield reply(250, "2.0.0", "Ok");
            }
            case "NOOP" -> reply(250, "2.0.0", "Ok");
            case "VRFY" -> reply(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery");
            case "HELP" -> reply(214, "2.0.0", "See RFC 5321");
            case "QUIT" -> {
                done = true;
                yield reply(221, "2.0.0", "Bye");
            }
            default -> unknown();
        };
    }

    /** Commands that, when the server requires TLS, must wait for STARTTLS (RFC 3207 section 4). */
    private boolean requiresTls(String verb) {
        if (settings.tlsMode() != TlsMode.STARTTLS_REQUIRED) {
            return false;
        }
        return switch (verb) {
            case "AUTH", "MAIL", "RCPT", "DATA", "BDAT", "VRFY" -> true;
            default -> false;
        };
    }

    // ---- HELO / EHLO / LHLO

    private Mono<Void> helo(String name, boolean extended) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return reply(501, "5.5.4", "Syntax: " + (extended ? "EHLO" : "HELO") + " hostname");
        }
        return handle(settings.handler().onHelo(this, name), () -> {
            heloName = name;
            transaction = null;
            if (!extended) {
                return connection.send("250 " + settings.hostname());
            }
            List<String> lines = new ArrayList<>();
            lines.add(settings.hostname() + " greets " + name);
            lines.add("PIPELINING");
            lines.add("SIZE " + settings.maxMessageSize());
            lines.add("8BITMIME");
            lines.add("SMTPUTF8");
            lines.add("CHUNKING");
            lines.add("DSN");
            lines.add("ENHANCEDSTATUSCODES");
            if (settings.tlsMode().isStartTls() && !connection.isSecure()) {
                lines.add("STARTTLS");
            }
            if (authOffered()) {
                lines.add("AUTH PLAIN LOGIN");
            }
            String[] out = new String[lines.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = "250" + (i == out.length - 1 ? " " : "-") + lines.get(i);
            }
            return connection.send(out);
        });
    }

    /** AUTH is offered only under TLS (or when plaintext AUTH was allowed explicitly), and once. */
    boolean authOffered() {
        return settings.authenticator() != null
                && authenticatedUser == null
                && (connection.isSecure() || settings.allowPlaintextAuth());
    }

    // ---- STARTTLS (RFC 3207)

    private Mono<Void> startTls(String args) {
        if (!settings.tlsMode().isStartTls() || connection.isSecure()) {
            return reply(
                    connection.isSecure() ? 503 : 502,
                    "5.5.1",
                    connection.isSecure() ? "TLS already active" : "STARTTLS not offered");
        }
        if (!args.isEmpty()) {
            return reply(501, "5.5.4", "Syntax: STARTTLS");
        }
        // The go-ahead and the handshake happen in one event-loop step; plaintext that was pipelined behind the
        // command fails the upgrade (StartTlsInjectionException) and ends the session.
        return connection.upgradeToTls("220 2.0.0 Ready to start TLS").then(Mono.fromRunnable(() -> {
            // Forget everything learned in plaintext (RFC 3207 section 4.2).
            heloName = null;
            authenticatedUser = null;
            transaction = null;
        }));
    }

    // ---- MAIL FROM

    private Mono<Void> mail(String args) {
        if (heloName == null) {
            return badSequence("send " + (settings.lmtp() ? "LHLO" : "EHLO/HELO") + " first");
        }
        if (transaction != null) {
            return badSequence("nested MAIL command");
        }
        if (settings.requireAuth() && authenticatedUser == null) {
            return reply(530, "5.7.0", "Authentication required");
        }
        Envelope.Path path = Envelope.parsePath("FROM:", args);
        if (path == null) {
            return reply(501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]");
        }
        Map<String, String> params = path.parameters();
        String size = params.get("SIZE");
        if (size != null) {
            try {
                if (Long.parseLong(size) > settings.maxMessageSize()) {
                    return reply(552, "5.3.4", "Message size exceeds fixed maximum message size");
                }
            } catch (NumberFormatException e) {
                return reply(501, "5.5.4", "Bad SIZE parameter");
            }
        }
        if (!Envelope.isAscii(path.address()) && !params.containsKey("SMTPUTF8")) {
            return reply(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
        }
        return handle(settings.handler().onMailFrom(this, path.address(), params), () -> {
            transaction = new ServerTransaction(this, path.address(), params);
            return reply(250, "2.1.0", "Ok");
        });
    }

    // ---- helpers for the command classes

    /** Runs a handler decision, then {@code onAccept}; a refusal becomes the client's reply. */
    Mono<Void> handle(Mono<Void> decision, java.util.function.Supplier<Mono<Void>> onAccept) {
        return decision.then(Mono.defer(onAccept)).onErrorResume(e -> {
            if (e instanceof ConnectionClosedException) {
                return Mono.error(e);
            }
            return connection.send(replyFor(e));
        });
    }

    /** The reply for a handler error: its rejection, or 451 for anything unexpected. */
    String replyFor(Throwable e) {
        if (e instanceof SmtpRejectException r) {
            return r.replyLine();
        }
        if (e instanceof dev.startle.smtp.server.MessageRejectedException r) {
            return r.reply().replyLine();
        }
        log.warn("SMTP handler failed in session {}", connection.id(), e);
        return "451 4.3.0 Local error in processing";
    }

    Mono<Void> reply(int code, String enhanced, String text) {
        return connection.send(code + " " + enhanced + " " + text);
    }

    /**
     * Refuses a BDAT command after reading and dropping its chunk: the client sent the chunk whatever the reply (RFC
     * 3030), and a chunk left unread would be parsed as commands (a pipelined client's message content turned into
     * SMTP commands). When the size cannot be parsed the chunk cannot be skipped, so the session ends.
     */
    Mono<Void> refuseBdat(String args, java.util.function.Supplier<Mono<Void>> refusal) {
        long n = ServerTransaction.chunkSize(args);
        if (n < 0) {
            done = true;
            return reply(501, "5.5.4", "Syntax: BDAT size [LAST] (cannot skip the chunk: closing)");
        }
        return connection.bytes(n).then().then(Mono.defer(refusal));
    }

    Mono<Void> badSequence(String why) {
        return reply(503, "5.5.1", "Bad sequence of commands: " + why);
    }

    private Mono<Void> unknown() {
        if (++badCommands >= MAX_BAD_COMMANDS) {
            done = true;
            return reply(421, "4.7.0", "Too many unrecognized commands, closing");
        }
        return reply(500, "5.5.2", "Command unrecognized");
    }

    void authenticated(String user) {
        authenticatedUser = user;
    }

    void transactionDone() {
        transaction = null;
    }

    // ---- SmtpServerSession

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public Optional<String> heloName() {
        return Optional.ofNullable(heloName);
    }

    @Override
    public boolean isSecure() {
        return connection.isSecure();
    }

    @Override
    public Optional<TlsInfo> tls() {
        return connection.tls();
    }

    @Override
    public Optional<String> authenticatedUser() {
        return Optional.ofNullable(authenticatedUser);
    }

    @Override
    public String toString() {
        return "SmtpServerSession[" + connection.id() + ", " + connection.remoteAddress() + "]";
    }
}
