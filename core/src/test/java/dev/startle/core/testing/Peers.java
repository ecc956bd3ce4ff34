package dev.startle.core.testing;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The real third-party servers started by {@code .ci/peers start} (Postfix, Dovecot on 127.0.0.1), found through the
 * environment ({@code eval "$(.ci/peers env)"}) or the {@code peers.env} file the script writes. When
 * {@code STARTLE_INTEROP=required} (set by {@code .ci/run}) a missing peer fails the test instead of skipping it.
 */
public final class Peers {
    private static final Properties FILE = load();

    private Peers() {}

    /** Whether interop is required (CI): missing peers and clients fail instead of skipping. */
    public static boolean required() {
        return "required".equalsIgnoreCase(System.getenv("STARTLE_INTEROP"));
    }

    /** The value of a peer setting such as {@code STARTLE_POSTFIX_RELAY_PORT}, or null. */
    public static String get(String key) {
        String v = System.getenv(key);
        return v != null ? v : FILE.getProperty(key);
    }

    /** A port setting; skips (or fails, when required) unless the peer answers on 127.0.0.1 at that port. */
    public static int port(String key) {
        String v = get(key);
        if (v == null) {
            unavailable(key + " is not set: start the peers with .ci/peers start");
        }
        int port = Integer.parseInt(v.trim());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            unavailable(
                    "nothing answers on 127.0.0.1:" + port + " (" + key + "): start the peers with .ci/peers start");
        }
        return port;
    }

    /** The peers' CA certificate file. */
    public static Path ca() {
        String v = get("STARTLE_PEER_CA");
        if (v == null || !Files.isReadable(Path.of(v))) {
            unavailable("STARTLE_PEER_CA is not readable: start the peers with .ci/peers start");
        }
        return Path.of(v);
    }

    /** Skips the test, or fails it when interop is required. */
    public static void unavailable(String why) {
        if (required()) {
            throw new AssertionError("STARTLE_INTEROP=required but " + why);
        }
        Assumptions.abort(why);
    }

    private static Properties load() {
        Properties p = new Properties();
        String dir = System.getenv("STARTLE_PEERS_DIR");
        Path file = dir != null ? Path.of(dir, "peers.env") : findDefault();
        if (file != null && Files.isReadable(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException ignored) {
                // no file, no peers
            }
        }
        return p;
    }

    private static Path findDefault() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(".ci/peers-run/peers.env");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
