package dev.startle.smtp.client;

import static org.assertj.core.api.Assertions.fail;

import dev.startle.core.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Reads what the real Postfix delivered into the peers' Maildirs. */
final class Maildir {
    private Maildir() {}

    /** The delivered file of {@code user} (local part, startle.test) whose content contains {@code token}. */
    static Path await(String user, String token, Duration timeout) {
        Path dir = Path.of(Peers.get("STARTLE_MAILDIR_ROOT"), "startle.test", user, "new");
        byte[] needle = token.getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        if (contains(f, needle)) {
                            return f;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            sleep();
        }
        return fail("no message containing " + token + " arrived in " + dir + " within " + timeout);
    }

    /** Whether any delivered file of {@code user} contains {@code token} (now). */
    static boolean any(String user, String token) {
        Path dir = Path.of(Peers.get("STARTLE_MAILDIR_ROOT"), "startle.test", user, "new");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            for (Path f : all) {
                if (contains(f, token.getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a delivered message: everything after the first empty line. */
    static byte[] body(Path file) {
        byte[] all = read(file);
        for (int i = 0; i + 1 < all.length; i++) {
            if (all[i] == '\n' && all[i + 1] == '\n') {
                return java.util.Arrays.copyOfRange(all, i + 2, all.length);
            }
        }
        return fail("no header/body separator in " + file);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(Path file, byte[] needle) throws IOException {
        // Maildirs hold small test messages except the large-body test, which searches the first megabyte only.
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(1 << 20);
        }
        outer:
        for (int i = 0; i <= head.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (head[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
