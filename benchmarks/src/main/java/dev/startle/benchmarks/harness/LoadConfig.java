package dev.startle.benchmarks.harness;

import dev.startle.core.TlsProvider;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a client JVM runs.
 *
 * @param client which client (see {@link ClientMain})
 * @param port the sink's port on 127.0.0.1
 * @param pki the minted certificates of the key type in use
 * @param provider the TLS provider, for clients that can choose
 * @param connections connections kept open (or cycles in flight)
 * @param size message size in bytes
 * @param mode {@code keep} (messages on open connections), {@code new} (a connection per message), {@code cycle}
 *     (connect, greeting, EHLO, STARTTLS, handshake, EHLO, QUIT; no message), {@code bulk} (one connection, large
 *     messages)
 * @param tls whether to use STARTTLS (false: plaintext)
 * @param virtualThreads thread-per-connection clients: one virtual thread per connection (JDK 21+)
 */
record LoadConfig(
        String client,
        int port,
        Pki.Files3 pki,
        TlsProvider provider,
        int connections,
        int size,
        String mode,
        boolean tls,
        boolean virtualThreads) {

    static LoadConfig from(Args a) {
        Path pkiDir = a.path("pki");
        Pki.Key key = Pki.Key.valueOf(a.get("key", "ecdsa").toUpperCase(Locale.ROOT));
        return new LoadConfig(
                a.require("client"),
                a.intValue("port", 2525),
                Pki.Files3.of(pkiDir, key),
                TlsProvider.valueOf(a.get("provider", "OPENSSL").toUpperCase(Locale.ROOT)),
                a.intValue("connections", 20),
                a.intValue("size", 4096),
                a.get("mode", "keep"),
                !a.get("tls", "starttls").equals("none"),
                a.flag("virtual"));
    }

    boolean newConnectionPerMessage() {
        return mode.equals("new");
    }

    boolean cycleOnly() {
        return mode.equals("cycle");
    }
}
