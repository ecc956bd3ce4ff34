package dev.startle.smtp.test;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.TlsSettings;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.server.SmtpRejectException;
import dev.startle.smtp.server.SmtpServer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;

/**
 * A real Startle {@link SmtpServer} for tests of code that sends mail: bound to {@code 127.0.0.1} on a free port, with a
 * CA and a {@code localhost}/{@code 127.0.0.1} certificate minted when it starts, a chosen {@link StartTlsBehaviour},
 * optional AUTH users, and an inbox of every accepted message as {@link ReceivedMail}. Close it to stop it.
 *
 * <pre>{@code
 * try (EmbeddedSmtpServer server = EmbeddedSmtpServer.builder()
 *         .startTls(StartTlsBehaviour.REQUIRED)
 *         .withUser("alice", "secret")
 *         .start()) {
 *     SmtpClient client = server.client().credentials(PasswordCredential.of("alice", "secret"));
 *     client.send(message).block(Duration.ofSeconds(10));
 *     ReceivedMail mail = server.messages().get(0);          // recorded before the server said 250
 *     assertThat(mail.secure()).isTrue();
 *     assertThat(mail.authenticatedUser()).hasValue("alice");
 *     client.close().block(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Other clients trust the server through {@link #caPemFile()}, {@link #trustStore()} or {@link #sslContext()} (e.g.
 * Jakarta Mail's {@code mail.smtp.ssl.socketFactory}). A message is added to the inbox <em>before</em> the server
 * acknowledges it, so once a client's send has completed the message is in {@link #messages()}; use
 * {@link #awaitMessages} or {@link #inbox()} when the sending happens asynchronously. Thread-safe.
 */
public final class EmbeddedSmtpServer implements AutoCloseable {
    /** The address the server binds: loopback only. */
    static final String HOST = "127.0.0.1";

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KitPki pki;
    private final StartTlsBehaviour behaviour;
    private final LoopResources loops;
    private final DisposableServer bound;
    private final Inbox inbox;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedSmtpServer(
            KitPki pki, StartTlsBehaviour behaviour, LoopResources loops, DisposableServer bound, Inbox inbox) {
        this.pki = pki;
        this.behaviour = behaviour;
        this.loops = loops;
        this.bound = bound;
        this.inbox = inbox;
    }

    /** A builder with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return Builder.DEFAULTS;
    }

    /** Starts a server with the defaults ({@link StartTlsBehaviour#OFFERED}, no AUTH); blocks until it is bound. */
    public static EmbeddedSmtpServer start() {
        return builder().start();
    }

    // ---- where and how to connect

    /** The address to connect to: {@code "127.0.0.1"} (the certificate names it, and {@code localhost}). */
    public String host() {
        return HOST;
    }

    /** The bound port. */
    public int port() {
        return bound.port();
    }

    /** How this server treats STARTTLS. */
    public StartTlsBehaviour startTlsBehaviour() {
        return behaviour;
    }

    /** The CA that issued the server's certificate; minted at start, unique to this server. */
    public X509Certificate caCertificate() {
        return pki.caCertificate();
    }

    /** The CA certificate as a PEM file (for {@code openssl s_client -CAfile}, curl, swaks); deleted on close. */
    public Path caPemFile() {
        return pki.caPemFile();
    }

    /** Startle TLS settings trusting only this server's CA, with hostname verification on. */
    public TlsSettings clientTlsSettings() {
        return pki.clientTls();
    }

    /** A fresh in-memory PKCS#12 key store whose only entry is the trusted CA (for Jakarta Mail and other clients). */
    public KeyStore trustStore() {
        return pki.trustStore();
    }

    /**
     * A fresh JDK {@link SSLContext} trusting only this server's CA, e.g. for Jakarta Mail: {@code
     * props.put("mail.smtp.ssl.socketFactory", server.sslContext().getSocketFactory())}.
     */
    public SSLContext sslContext() {
        return pki.sslContext();
    }

    /**
     * A Startle client for this server: its host, port and {@link #clientTlsSettings()}, otherwise the client's
     * defaults ({@link TlsMode#STARTTLS_REQUIRED}, pooled). Close it when done.
     */
    public SmtpClient client() {
        return SmtpClient.create().host(HOST).port(port()).tls(clientTlsSettings());
    }

    // ---- the inbox

    /**
     * Every accepted message since start (or since the last {@link #clear()}), replayed to each subscriber, then new
     * ones as they arrive; completes when the server is closed, or, for subscribers before a {@link #clear()}, when
     * cleared. Hot and unbounded, so always bound it: {@code StepVerifier.create(server.inbox().take(1))}. Signals
     * arrive on a bounded-elastic thread, never on the server's event loops, so a subscriber may block.
     */
    public Flux<ReceivedMail> inbox() {
        return inbox.flux();
    }

    /** A snapshot of the accepted messages, in order of acceptance. */
    public List<ReceivedMail> messages() {
        return inbox.messages();
    }

    /**
     * Blocks until at least {@code count} messages have been accepted and returns all of them; do not call it on an
     * event loop.
     *
     * @throws AssertionError when fewer arrived within {@code timeout} (or the server closed first)
     */
    public List<ReceivedMail> awaitMessages(int count, Duration timeout) {
        try {
            return inbox.await(count, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for messages", e);
        }
    }

    /** Empties the inbox and forgets pending {@link #rejectNext} and {@link #rejectRecipient} rejections. */
    public void clear() {
        inbox.clear();
    }

    /**
     * Refuses the next message with {@code rejection}, after its data was received (as a content filter would): the
     * client gets e.g. {@code 550 5.7.1 ...} instead of {@code 250}, and the message is not added to the inbox. Each
     * call queues one refusal for one message.
     *
     * <pre>{@code
     * server.rejectNext(new SmtpRejectException(451, "4.3.0", "try again later"));
     * }</pre>
     */
    public void rejectNext(SmtpRejectException rejection) {
        inbox.rejectNext(rejection);
    }

    /**
     * Refuses RCPT TO for {@code recipient} (ignoring case) with {@code rejection}, e.g. {@code 550 5.1.1 no such
     * user}, until {@link #clear()}; other recipients of the same message are still accepted.
     */
    public void rejectRecipient(String recipient, SmtpRejectException rejection) {
        inbox.rejectRecipient(recipient, rejection);
    }

    /**
     * Stops the server: completes {@link #inbox()} (a message still in flight is refused with {@code 421}), closes the
     * listening socket and every open connection, and deletes the CA PEM file. The messages stay readable. Idempotent;
     * blocks for at most 20 seconds.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            inbox.close();
            try {
                bound.disposeNow(CLOSE_TIMEOUT);
            } finally {
                // Disposing the listener leaves accepted connections open (a pooled client could still deliver):
                // shutting down the server's own event loops closes them all.
                try {
                    loops.disposeLater(Duration.ZERO, CLOSE_TIMEOUT).block(CLOSE_TIMEOUT);
                } finally {
                    pki.deleteFiles();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedSmtpServer[" + HOST + ":" + bound.port() + ", " + behaviour
                + (closed.get() ? ", closed]" : "]");
    }

    /**
     * How to start an {@link EmbeddedSmtpServer}. Immutable: every method returns a changed copy, so one builder can
     * be shared. Defaults: {@link StartTlsBehaviour#OFFERED}, no AUTH users, {@link TlsProvider#AUTO}, host name
     * {@code localhost} in the greeting, a free port, a one-minute command timeout, and otherwise
     * {@link SmtpServer}'s defaults (25 MiB messages, 1,000 connections).
     *
     * <pre>{@code
     * EmbeddedSmtpServer.Builder submission = EmbeddedSmtpServer.builder()
     *         .startTls(StartTlsBehaviour.REQUIRED)
     *         .withUser("alice", "secret")
     *         .requireAuth(true)
     *         .customize(server -> server.maxMessageSize(1 << 20));
     * }</pre>
     */
    public static final class Builder {
        static final Builder DEFAULTS = new Builder(null);

        // Set only on a fresh copy inside with(...), never afterwards.
        private StartTlsBehaviour behaviour = StartTlsBehaviour.OFFERED;
        private Map<String, String> users = Map.of();
        private boolean requireAuth;
        private boolean allowPlaintextAuth;
        private TlsProvider provider = TlsProvider.AUTO;
        private String hostname = "localhost";
        private int port;
        private Duration commandTimeout = Duration.ofMinutes(1);
        private UnaryOperator<SmtpServer> customizer = UnaryOperator.identity();

        private Builder(Builder from) {
            if (from != null) {
                behaviour = from.behaviour;
                users = from.users;
                requireAuth = from.requireAuth;
                allowPlaintextAuth = from.allowPlaintextAuth;
                provider = from.provider;
                hostname = from.hostname;
                port = from.port;
                commandTimeout = from.commandTimeout;
                customizer = from.customizer;
            }
        }

        private Builder with(Consumer<Builder> change) {
            Builder copy = new Builder(this);
            change.accept(copy);
            return copy;
        }

        /** How the server treats STARTTLS; see {@link StartTlsBehaviour}. */
        public Builder startTls(StartTlsBehaviour startTls) {
            Objects.requireNonNull(startTls, "startTls");
            return with(b -> b.behaviour = startTls);
        }

        /**
         * Adds a user for AUTH PLAIN and LOGIN (the server then offers AUTH once the session is under TLS, or before
         * with {@link #allowPlaintextAuth(boolean)}). {@link ReceivedMail#authenticatedUser()} names who sent.
         */
        public Builder withUser(String username, String password) {
            if (username == null || username.isEmpty()) {
                throw new IllegalArgumentException("username must not be empty");
            }
            Objects.requireNonNull(password, "password");
            Map<String, String> more = new LinkedHashMap<>(users);
            more.put(username, password);
            return with(b -> b.users = Map.copyOf(more));
        }

        /** Refuses MAIL FROM with {@code 530 5.7.0} until the client authenticated (a submission server). */
        public Builder requireAuth(boolean require) {
            return with(b -> b.requireAuth = require);
        }

        /** Offers AUTH before TLS too (needed for AUTH with {@link StartTlsBehaviour#ABSENT}). */
        public Builder allowPlaintextAuth(boolean allow) {
            return with(b -> b.allowPlaintextAuth = allow);
        }

        /** The server's TLS provider ({@link TlsProvider#OPENSSL} needs netty-tcnative on the class path). */
        public Builder tlsProvider(TlsProvider tlsProvider) {
            Objects.requireNonNull(tlsProvider, "tlsProvider");
            return with(b -> b.provider = tlsProvider);
        }

        /** The name in the greeting and the EHLO reply (not the certificate's name). */
        public Builder hostname(String name) {
            Objects.requireNonNull(name, "name");
            return with(b -> b.hostname = name);
        }

        /** A fixed port instead of a free one (for code whose configuration cannot be changed per test). */
        public Builder port(int fixedPort) {
            if (fixedPort < 0 || fixedPort > 65535) {
                throw new IllegalArgumentException("not a port: " + fixedPort);
            }
            return with(b -> b.port = fixedPort);
        }

        /**
         * How long the server waits for a client's next command, data or TLS handshake before closing the connection
         * (the server should not be the first to give up on a slow client under test).
         */
        public Builder commandTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive: " + timeout);
            }
            return with(b -> b.commandTimeout = timeout);
        }

        /**
         * Adjusts the underlying {@link SmtpServer} after the kit configured it (limits, wiretap, metrics), e.g.
         * {@code customize(s -> s.maxConnections(2000))}; applied after earlier customizers. Changing the TLS mode or
         * settings here overrides the {@link StartTlsBehaviour}, and {@code runOn} makes {@link #close()} leave open
         * connections open. Not used by {@link StartTlsBehaviour#REFUSED}.
         */
        public Builder customize(UnaryOperator<SmtpServer> adjust) {
            Objects.requireNonNull(adjust, "adjust");
            UnaryOperator<SmtpServer> before = customizer;
            return with(b -> b.customizer = server -> adjust.apply(before.apply(server)));
        }

        /** The configured STARTTLS behaviour. */
        public StartTlsBehaviour startTlsBehaviour() {
            return behaviour;
        }

        /**
         * Mints the certificates and binds the server; blocks until it listens (do not call it on an event loop).
         *
         * @throws IllegalStateException when {@link #requireAuth(boolean)} is set without any user
         */
        public EmbeddedSmtpServer start() {
            if (requireAuth && users.isEmpty()) {
                throw new IllegalStateException("requireAuth(true) needs at least one withUser(...)");
            }
            KitPki pki = KitPki.mint();
            Inbox inbox = new Inbox();
            // Event loops of its own, so that close() can end the connections too.
            LoopResources loops = LoopResources.create(
                    "startle-smtp-test", 1, Math.max(2, Runtime.getRuntime().availableProcessors()), true);
            try {
                DisposableServer bound = behaviour == StartTlsBehaviour.REFUSED
                        ? RefusingStartTlsServer.bind(loops, port, hostname, commandTimeout)
                        : smtpServer(pki, loops).bindNow(inbox);
                return new EmbeddedSmtpServer(pki, behaviour, loops, bound, inbox);
            } catch (RuntimeException e) {
                loops.disposeLater(Duration.ZERO, CLOSE_TIMEOUT).block(CLOSE_TIMEOUT);
                throw e;
            }
        }

        private SmtpServer smtpServer(KitPki pki, LoopResources loops) {
            SmtpServer server = SmtpServer.create()
                    .runOn(loops)
                    .host(HOST)
                    .port(port)
                    .hostname(hostname)
                    .commandTimeout(commandTimeout)
                    .allowPlaintextAuth(allowPlaintextAuth);
            server = switch (behaviour) {
                case REQUIRED ->
                    server.tlsMode(TlsMode.STARTTLS_REQUIRED).tls(pki.serverTls(false, provider, commandTimeout));
                case OFFERED ->
                    server.tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC).tls(pki.serverTls(false, provider, commandTimeout));
                case BROKEN ->
                    server.tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC).tls(pki.serverTls(true, provider, commandTimeout));
                case ABSENT -> server.tlsMode(TlsMode.NONE);
                case REFUSED -> throw new AssertionError("REFUSED is served by RefusingStartTlsServer");
            };
            if (!users.isEmpty()) {
                server = server.auth(new UserDirectory(users), requireAuth);
            }
            return customizer.apply(server);
        }

        @Override
        public String toString() {
            return "EmbeddedSmtpServer.Builder[" + behaviour + ", users=" + users.keySet() + "]";
        }
    }
}
