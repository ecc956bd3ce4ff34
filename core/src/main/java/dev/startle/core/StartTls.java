package dev.startle.core;

import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * The upgrade as operators for {@code transform}, for chains that hold a {@code Mono<LineConnection>}.
 *
 * <pre>{@code
 * client.connect()
 *       .flatMap(c -> c.lines().next().thenReturn(c))                          // greeting
 *       .transform(StartTls.command("STARTTLS", reply -> reply.text().startsWith("220")))
 *       .flatMap(c -> c.send("EHLO me").thenReturn(c));
 * }</pre>
 */
public final class StartTls {
    private StartTls() {}

    /** Upgrades the connection (client role, after the caller read the go-ahead); {@code flatMap(upgradeToTls)}. */
    public static Function<Mono<LineConnection>, Mono<LineConnection>> upgrade() {
        return mono -> mono.flatMap(LineConnection::upgradeToTls);
    }

    /**
     * Client role: sends {@code command}, reads one reply line, and upgrades if {@code goAhead} accepts it. A refused
     * reply fails with {@link StartTlsRefusedException} carrying the line (the connection stays open and in
     * plaintext); a closed connection fails with {@link ConnectionClosedException}.
     */
    public static Function<Mono<LineConnection>, Mono<LineConnection>> command(
            String command, Predicate<Line> goAhead) {
        return mono -> mono.flatMap(c -> c.send(command)
                .then(c.lines().next())
                .switchIfEmpty(Mono.error(() -> new ConnectionClosedException("connection closed after " + command)))
                .flatMap(reply -> goAhead.test(reply)
                        ? c.upgradeToTls()
                        : Mono.error(new StartTlsRefusedException(command, reply.text()))));
    }
}
