package dev.startle.core.testing;

import dev.startle.core.Line;
import dev.startle.core.LineConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A tiny SMTP-shaped server conversation for tests: greets with {@code 220 ready}; {@code STARTTLS} upgrades with
 * {@code 220 go ahead}; {@code QUIT} answers {@code 221 bye} and ends; anything else is echoed as
 * {@code 250 <plain|tls> <line>}. Consumes lines one at a time on a single {@code lines()} subscription, as an
 * upgrade-safe server must. Records every line it acted on and the error it ended with, if any.
 */
public final class EchoStartTlsHandler implements Function<LineConnection, Publisher<Void>> {
    /** Lines the handler acted upon, in order. */
    public final List<Line> received = new CopyOnWriteArrayList<>();
    /** Errors that ended a conversation. */
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();
    /** Emits each connection's terminal error (or completes) — for tests that wait on the server side. */
    public final Sinks.Many<Throwable> outcomes = Sinks.many().replay().all();

    @Override
    public Publisher<Void> apply(LineConnection c) {
        return c.send("220 ready")
                .thenMany(c.lines().concatMap(line -> respond(c, line), 0))
                .then()
                .doOnError(e -> {
                    errors.add(e);
                    outcomes.tryEmitNext(e);
                })
                .doOnSuccess(v -> outcomes.tryEmitNext(new Done()));
    }

    private Mono<Void> respond(LineConnection c, Line line) {
        received.add(line);
        String text = line.text();
        if (text.equalsIgnoreCase("STARTTLS")) {
            return c.upgradeToTls("220 go ahead").then();
        }
        if (text.equalsIgnoreCase("QUIT")) {
            return c.send("221 bye").then(c.close());
        }
        return c.send("250 " + (line.isSecure() ? "tls" : "plain") + " " + text);
    }

    /** The outcome of a conversation that ended without an error. */
    public static final class Done extends Throwable {
        private static final long serialVersionUID = 1L;

        Done() {
            super("done", null, false, false);
        }
    }
}
