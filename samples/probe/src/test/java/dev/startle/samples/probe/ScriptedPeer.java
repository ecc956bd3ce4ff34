package dev.startle.samples.probe;

import dev.startle.core.LineConnection;
import dev.startle.core.LineServer;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.testing.TestPki;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * A Startle {@link LineServer} that plays a protocol's side of a STARTTLS probe from a small dialogue: a greeting, then
 * an {@link Answer} for each line the probe sends (one line at a time, so the upgrade is safe). Presents the test
 * PKI's certificate for localhost.
 */
final class ScriptedPeer implements AutoCloseable {
    /** What to do with one received line. */
    record Answer(List<String> lines, String goAhead, boolean close) {
        static Answer send(String... lines) {
            return new Answer(List.of(lines), null, false);
        }

        static Answer upgrade(String goAhead) {
            return new Answer(List.of(), goAhead, false);
        }

        static Answer sendAndClose(String... lines) {
            return new Answer(List.of(lines), null, true);
        }
    }

    private final DisposableServer server;

    private ScriptedPeer(boolean implicit, List<String> greeting, BiFunction<String, Boolean, Answer> dialogue) {
        server = LineServer.create()
                .host("127.0.0.1")
                .port(0)
                .tlsMode(implicit ? TlsMode.IMPLICIT : TlsMode.STARTTLS_OPPORTUNISTIC)
                .tls(TestPki.get().serverTls(TlsProvider.AUTO))
                .bindNow(c -> (greeting.isEmpty() ? Mono.<Void>empty() : c.send(greeting.toArray(String[]::new)))
                        .thenMany(c.lines()
                                .concatMap(line -> answer(c, dialogue.apply(line.text(), line.isSecure())), 0))
                        .then());
    }

    /** Starts a peer; {@code greeting} may be empty (the client speaks first, as in XMPP). */
    static ScriptedPeer start(boolean implicit, List<String> greeting, BiFunction<String, Boolean, Answer> dialogue) {
        return new ScriptedPeer(implicit, greeting, dialogue);
    }

    int port() {
        return server.port();
    }

    private static Mono<Void> answer(LineConnection c, Answer a) {
        if (a.goAhead() != null) {
            return c.upgradeToTls(a.goAhead()).then();
        }
        Mono<Void> sent = a.lines().isEmpty() ? Mono.empty() : c.send(a.lines().toArray(String[]::new));
        return a.close() ? sent.then(c.close()) : sent;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
