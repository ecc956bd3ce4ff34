package dev.startle.smtp.server;

import dev.startle.core.testing.Peers;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a third-party program (swaks, curl, msmtp, python3, postqueue) as a child process from the test thread, with
 * a bounded wait, and keeps everything it printed for the assertion message. Never call it on an event loop.
 */
final class ExternalCommand {
    /** What a finished (or killed) process left behind. */
    record Result(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {
        boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** Everything, for assertion messages. */
        String transcript() {
            return "$ " + String.join(" ", command) + "\n(exit " + (timedOut ? "killed after timeout" : exitCode)
                    + ")\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }

        String output() {
            return stdout + "\n" + stderr;
        }
    }

    private ExternalCommand() {}

    /**
     * The absolute path of {@code program} (a name looked up on PATH, or an absolute path); skips the test when it is
     * not installed, or fails it when {@code STARTLE_INTEROP=required}.
     */
    static String require(String program) {
        if (program.startsWith("/")) {
            if (Files.isExecutable(Path.of(program))) {
                return program;
            }
        } else {
            String path = System.getenv("PATH");
            for (String dir : (path == null ? "/usr/bin:/bin:/usr/sbin:/sbin" : path).split(File.pathSeparator)) {
                Path candidate = Path.of(dir, program);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        Peers.unavailable(program + " is not installed (the Debian package comes with .ci/peers start)");
        throw new AssertionError("unreachable");
    }

    /** Runs {@code command} with {@code stdin} (or nothing) as its input; kills it after {@code timeout}. */
    static Result run(List<String> command, byte[] stdin, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("startle-cmd", ".out");
            err = Files.createTempFile("startle-cmd", ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("LC_ALL", "C");
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return new Result(
                    List.copyOf(command),
                    finished ? process.exitValue() : -1,
                    !finished,
                    Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
