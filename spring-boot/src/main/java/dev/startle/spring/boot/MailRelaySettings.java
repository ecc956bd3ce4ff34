package dev.startle.spring.boot;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.core.Wiretap;
import dev.startle.sasl.SaslCredential;
import dev.startle.smtp.client.SmtpClient;
import dev.startle.smtp.client.SmtpPoolSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the auto-configured {@link SmtpClient} is made from, resolved from {@code spring.mail.*} and {@code
 * startle.mail.*} (see the starter's README for the table). Exposed as a bean so it can be inspected, and so an
 * application can define its own instead: the starter then uses it and ignores the properties (it also turns the
 * starter on without {@code spring.mail.host}). Immutable; each {@code with...} method returns a changed copy.
 *
 * <pre>{@code
 * @Bean
 * MailRelaySettings mailRelaySettings() {
 *     return MailRelaySettings.of("localhost", 2525)
 *             .withTls(TlsSettings.defaults().withTrustedCertificates(Path.of("relay-ca.pem")))
 *             .withCredential(PasswordCredential.of("demo", "secret"));
 * }
 * }</pre>
 *
 * @param host the relay's host name; also the name its certificate must carry
 * @param port the relay's port
 * @param tlsMode how the connection uses TLS
 * @param tls trust material, protocols, cipher suites, hostname verification
 * @param credential what to authenticate with after TLS, if anything
 * @param authMechanism the SASL mechanism to use instead of the strongest one offered, if pinned
 * @param ehloName the EHLO argument, if not the local address literal
 * @param connectTimeout how long connecting may take
 * @param replyTimeout how long the relay may take to answer a command
 * @param pool how sends share connections
 * @param requireAllRecipients whether a send fails when any recipient is refused
 * @param useChunking whether BDAT is used when offered
 * @param allowPlaintextAuth whether credentials may travel without TLS (with {@link TlsMode#NONE} only)
 * @param wiretap whether the conversation is logged at DEBUG to {@value #WIRETAP_LOGGER}
 */
public record MailRelaySettings(
        String host,
        int port,
        TlsMode tlsMode,
        TlsSettings tls,
        Optional<SaslCredential> credential,
        Optional<String> authMechanism,
        Optional<String> ehloName,
        Duration connectTimeout,
        Duration replyTimeout,
        SmtpPoolSettings pool,
        boolean requireAllRecipients,
        boolean useChunking,
        boolean allowPlaintextAuth,
        boolean wiretap) {

    /** The logger the wiretap writes to. */
    public static final String WIRETAP_LOGGER = "dev.startle.mail.wiretap";

    /** The default connect timeout: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The default reply timeout: 5 minutes (RFC 5321 section 4.5.3.2). */
    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofMinutes(5);

    /** Checks the values. */
    public MailRelaySettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the relay host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the relay port must be 1..65535: " + port);
        }
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(authMechanism, "authMechanism");
        Objects.requireNonNull(ehloName, "ehloName");
        positive(connectTimeout, "connectTimeout");
        positive(replyTimeout, "replyTimeout");
        Objects.requireNonNull(pool, "pool");
    }

    /**
     * Settings for {@code host:port} with Startle's defaults: {@link TlsMode#STARTTLS_REQUIRED}, {@link
     * TlsSettings#defaults()} (JDK trust, hostname verification, TLS 1.2+), no credentials, 10 s connect and 5 min
     * reply timeouts, {@link SmtpPoolSettings#defaults()}, BDAT when offered, a send succeeds when any recipient is
     * accepted.
     *
     * @param host the relay's host name
     * @param port the relay's port
     * @return the settings
     */
    public static MailRelaySettings of(String host, int port) {
        return new MailRelaySettings(
                host,
                port,
                TlsMode.STARTTLS_REQUIRED,
                TlsSettings.defaults(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REPLY_TIMEOUT,
                SmtpPoolSettings.defaults(),
                false,
                true,
                false,
                false);
    }

    /** A client configured with these settings; its session pool is created on its first send. */
    public SmtpClient createClient() {
        SmtpClient client = SmtpClient.create()
                .host(host)
                .port(port)
                .tlsMode(tlsMode)
                .tls(tls)
                .connectTimeout(connectTimeout)
                .replyTimeout(replyTimeout)
                .pool(pool)
                .requireAllRecipients(requireAllRecipients)
                .useChunking(useChunking)
                .allowPlaintextAuth(allowPlaintextAuth);
        if (credential.isPresent()) {
            client = client.credentials(credential.get());
        }
        if (authMechanism.isPresent()) {
            client = client.authMechanism(authMechanism.get());
        }
        if (ehloName.isPresent()) {
            client = client.ehloName(ehloName.get());
        }
        if (wiretap) {
            client = client.wiretap(Wiretap.slf4j(WIRETAP_LOGGER));
        }
        return client;
    }

    /** {@code host:port}, for logs and health details. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The same settings with another TLS mode. */
    public MailRelaySettings withTlsMode(TlsMode mode) {
        return new MailRelaySettings(
                host,
                port,
                mode,
                tls,
                credential,
                authMechanism,
                ehloName,
                connectTimeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings with other TLS settings (trust, protocols, hostname verification). */
    public MailRelaySettings withTls(TlsSettings settings) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                settings,
                credential,
                authMechanism,
                ehloName,
                connectTimeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings authenticating with {@code value} ({@code null} for none). */
    public MailRelaySettings withCredential(SaslCredential value) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                Optional.ofNullable(value),
                authMechanism,
                ehloName,
                connectTimeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings with a pinned SASL mechanism such as {@code "PLAIN"} ({@code null} to choose). */
    public MailRelaySettings withAuthMechanism(String mechanism) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                Optional.ofNullable(mechanism),
                ehloName,
                connectTimeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings with another EHLO name ({@code null} for the local address literal). */
    public MailRelaySettings withEhloName(String name) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                authMechanism,
                Optional.ofNullable(name),
                connectTimeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings with another connect timeout. */
    public MailRelaySettings withConnectTimeout(Duration timeout) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                authMechanism,
                ehloName,
                timeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings with another reply timeout. */
    public MailRelaySettings withReplyTimeout(Duration timeout) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                authMechanism,
                ehloName,
                connectTimeout,
                timeout,
                pool,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings with other pool settings. */
    public MailRelaySettings withPool(SmtpPoolSettings settings) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                authMechanism,
                ehloName,
                connectTimeout,
                replyTimeout,
                settings,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings, failing a send when any recipient is refused ({@code true}) or only when all are. */
    public MailRelaySettings withRequireAllRecipients(boolean require) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                authMechanism,
                ehloName,
                connectTimeout,
                replyTimeout,
                pool,
                require,
                useChunking,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings with BDAT used when offered ({@code true}) or never. */
    public MailRelaySettings withUseChunking(boolean use) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                authMechanism,
                ehloName,
                connectTimeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                use,
                allowPlaintextAuth,
                wiretap);
    }

    /** The same settings allowing credentials without TLS (honoured with {@link TlsMode#NONE} only). */
    public MailRelaySettings withAllowPlaintextAuth(boolean allow) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                authMechanism,
                ehloName,
                connectTimeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                useChunking,
                allow,
                wiretap);
    }

    /** The same settings with the wiretap on or off. */
    public MailRelaySettings withWiretap(boolean enabled) {
        return new MailRelaySettings(
                host,
                port,
                tlsMode,
                tls,
                credential,
                authMechanism,
                ehloName,
                connectTimeout,
                replyTimeout,
                pool,
                requireAllRecipients,
                useChunking,
                allowPlaintextAuth,
                enabled);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
