package dev.startle.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A hand-written server for client-role tests: listens on {@code 127.0.0.1} (ephemeral port), accepts one connection
 * and plays a {@link Script} on it with blocking I/O on its own plain thread (never an event loop, so BlockHound does
 * not mind). A malicious or broken peer is a few lines of script. {@link #await(Duration)} rethrows whatever the
 * script threw, so a peer whose expectations failed fails the test too.
 */
public final class ScriptedPeer implements AutoCloseable {
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(10);

    /** What the peer does with the accepted connection; the connection is closed when it returns. */
    @FunctionalInterface
    public interface Script {
        void play(RawSocket peer) throws Exception;
    }

    private final ServerSocket server;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile RawSocket accepted;

    private ScriptedPeer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        server.setSoTimeout((int) ACCEPT_TIMEOUT.toMillis());
        Thread t = new Thread(() -> run(script), "scripted-peer-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Starts listening and plays {@code script} on the first accepted connection. */
    public static ScriptedPeer start(Script script) {
        try {
            return new ScriptedPeer(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port to connect to, on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /** Waits for the script to finish; rethrows its failure (wrapped in an {@link AssertionError}). */
    public void await(Duration timeout) {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the scripted peer failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the scripted peer did not finish within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void run(Script script) {
        try (Socket s = server.accept()) {
            RawSocket peer = new RawSocket(s);
            accepted = peer;
            script.play(peer);
            done.complete(null);
        } catch (Throwable e) {
            done.completeExceptionally(e);
        } finally {
            closeQuietly();
        }
    }

    /** Stops listening and closes the accepted connection, if any (which unblocks a script still reading). */
    @Override
    public void close() {
        closeQuietly();
        RawSocket a = accepted;
        if (a != null) {
            a.close();
        }
    }

    private void closeQuietly() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
