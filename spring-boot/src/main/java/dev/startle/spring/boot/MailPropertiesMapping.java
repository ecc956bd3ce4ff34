package dev.startle.spring.boot;

import dev.startle.core.TlsMode;
import dev.startle.core.TlsSettings;
import dev.startle.sasl.PasswordCredential;
import dev.startle.smtp.client.SmtpPoolSettings;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Turns {@code spring.mail.*} and {@code startle.mail.*} into {@link MailRelaySettings}. The rules, in one sentence:
 * an explicit {@code startle.mail} value wins, Boot's typed {@code spring.mail} properties come next, JavaMail entries
 * in {@code spring.mail.properties} are used where Startle has an equivalent, and nothing but an explicit {@code
 * startle.mail.tls-mode} (or {@code spring.mail.ssl.verify-hostname=false}) can make TLS weaker than Startle's
 * defaults. Misconfiguration fails the application's start with a message naming the property.
 */
final class MailPropertiesMapping {
    private static final Logger log = LoggerFactory.getLogger(MailPropertiesMapping.class);

    /** JavaMail properties that would weaken TLS; Startle ignores them and says why. */
    private static final Map<String, String> REFUSED = Map.of(
            "ssl.trust",
            "Startle verifies the certificate chain; trust a private CA with startle.mail.trust-certificates or "
                    + "spring.mail.ssl.bundle",
            "ssl.checkserveridentity",
            "Startle always verifies the host name; turn it off explicitly with spring.mail.ssl.verify-hostname=false",
            "ssl.socketFactory",
            "use spring.mail.ssl.bundle or startle.mail.trust-certificates",
            "ssl.socketFactory.class",
            "use spring.mail.ssl.bundle or startle.mail.trust-certificates",
            "socketFactory",
            "use spring.mail.ssl.bundle or startle.mail.trust-certificates",
            "socketFactory.class",
            "use spring.mail.ssl.bundle or startle.mail.trust-certificates");

    /** JavaMail properties with a Startle equivalent (the rest are ignored, logged at DEBUG). */
    private static final Set<String> MAPPED = Set.of(
            "starttls.enable",
            "starttls.required",
            "ssl.enable",
            "connectiontimeout",
            "timeout",
            "localhost",
            "ssl.protocols",
            "ssl.ciphersuites",
            "auth.mechanisms",
            "auth");

    private final SpringMailProperties mail;
    private final StartleMailProperties startle;
    private final SslBundles sslBundles;
    private final ResourceLoader resources;
    private final String protocol;

    MailPropertiesMapping(
            SpringMailProperties mail, StartleMailProperties startle, SslBundles sslBundles, ResourceLoader resources) {
        this.mail = mail;
        this.startle = startle;
        this.sslBundles = sslBundles;
        this.resources = resources;
        this.protocol = mail.getProtocol() == null ? "smtp" : mail.getProtocol().toLowerCase(Locale.ROOT);
    }

    MailRelaySettings settings() {
        if (!protocol.equals("smtp") && !protocol.equals("smtps")) {
            throw new IllegalStateException(
                    "spring.mail.protocol=" + mail.getProtocol() + " is not supported by Startle: use smtp or smtps");
        }
        if (mail.getHost() == null || mail.getHost().isBlank()) {
            throw new IllegalStateException("spring.mail.host is required (or define a MailRelaySettings bean)");
        }
        reportIgnored();
        TlsMode mode = tlsMode();
        int port = mail.getPort() != null ? mail.getPort() : (mode == TlsMode.IMPLICIT ? 465 : 587);
        StartleMailProperties.Pool p = startle.getPool();
        MailRelaySettings settings = MailRelaySettings.of(mail.getHost().strip(), port)
                .withTlsMode(mode)
                .withTls(tls())
                .withCredential(credential())
                .withAuthMechanism(authMechanism())
                .withEhloName(startle.getEhloName() != null ? startle.getEhloName() : javaMail("localhost"))
                .withConnectTimeout(timeout(
                        startle.getConnectTimeout(), "connectiontimeout", MailRelaySettings.DEFAULT_CONNECT_TIMEOUT))
                .withReplyTimeout(
                        timeout(startle.getReplyTimeout(), "timeout", MailRelaySettings.DEFAULT_REPLY_TIMEOUT))
                .withPool(new SmtpPoolSettings(
                        p.getMaxConnections(), p.getMaxIdleTime(), p.getValidateAfterIdle(), p.getMaxPendingAcquires()))
                .withRequireAllRecipients(startle.isRequireAllRecipients())
                .withUseChunking(startle.isUseChunking())
                .withAllowPlaintextAuth(startle.isAllowPlaintextAuth())
                .withWiretap(startle.isWiretap());
        if (settings.allowPlaintextAuth() && mode != TlsMode.NONE) {
            log.warn(
                    "startle.mail.allow-plaintext-auth has no effect with tls-mode {}: credentials go under TLS", mode);
        }
        return settings;
    }

    /**
     * Explicit {@code startle.mail.tls-mode}; else implicit TLS for {@code smtps}, {@code spring.mail.ssl.enabled} or
     * {@code mail.smtp.ssl.enable}; else STARTTLS required. JavaMail's opportunistic {@code starttls.enable} alone and
     * any {@code false} are not downgrades Startle makes on its own.
     */
    private TlsMode tlsMode() {
        String starttls = javaMail("starttls.enable");
        String required = javaMail("starttls.required");
        boolean implicit =
                protocol.equals("smtps") || mail.getSsl().isEnabled() || "true".equals(javaMail("ssl.enable"));
        TlsMode explicit = startle.getTlsMode();
        if (explicit != null) {
            if (implicit && explicit != TlsMode.IMPLICIT) {
                log.warn("startle.mail.tls-mode={} overrides implicit TLS asked for by spring.mail", explicit);
            }
            if (explicit == TlsMode.STARTTLS_OPPORTUNISTIC || explicit == TlsMode.NONE) {
                log.warn(
                        "startle.mail.tls-mode={}: mail to {} may travel in plaintext{}",
                        explicit,
                        mail.getHost(),
                        explicit == TlsMode.STARTTLS_OPPORTUNISTIC ? " (an active attacker can strip STARTTLS)" : "");
            }
            return explicit;
        }
        if (implicit) {
            return TlsMode.IMPLICIT;
        }
        if ("false".equals(starttls) || "false".equals(required)) {
            log.warn(
                    "spring.mail.properties asks for no or optional STARTTLS; Startle still requires it. Set "
                            + "startle.mail.tls-mode=starttls-opportunistic or none to accept plaintext to {}",
                    mail.getHost());
        } else if ("true".equals(starttls) && !"true".equals(required)) {
            log.debug("mail.{}.starttls.enable without starttls.required: Startle requires STARTTLS", protocol);
        }
        return TlsMode.STARTTLS_REQUIRED;
    }

    private TlsSettings tls() {
        TlsSettings tls = TlsSettings.defaults();
        String bundleName = mail.getSsl().getBundle();
        String pem = startle.getTrustCertificates();
        if (bundleName != null && pem != null) {
            throw new IllegalStateException("set either startle.mail.trust-certificates or spring.mail.ssl.bundle, "
                    + "not both: they name different trust anchors");
        }
        if (pem != null) {
            tls = tls.withTrustedCertificates(certificates(pem));
        }
        if (bundleName != null) {
            tls = withBundle(tls, bundleName);
        }
        if (!mail.getSsl().isVerifyHostname()) {
            log.warn(
                    "spring.mail.ssl.verify-hostname=false: a certificate for any host is accepted from {}",
                    mail.getHost());
            tls = tls.withHostnameVerification(false);
        }
        String protocols = javaMail("ssl.protocols");
        if (protocols != null) {
            try {
                tls = tls.withProtocols(words(protocols, "ssl.protocols"));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("mail." + protocol + ".ssl.protocols: " + e.getMessage(), e);
            }
        }
        String ciphers = javaMail("ssl.ciphersuites");
        if (ciphers != null) {
            tls = tls.withCipherSuites(words(ciphers, "ssl.ciphersuites"));
        }
        return tls;
    }

    private TlsSettings withBundle(TlsSettings tls, String name) {
        if (sslBundles == null) {
            throw new IllegalStateException("spring.mail.ssl.bundle=" + name + " but no SslBundles bean exists");
        }
        SslBundle bundle = sslBundles.getBundle(name);
        TlsSettings result = tls.withTrustManagerFactory(bundle.getManagers().getTrustManagerFactory());
        if (bundle.getStores().getKeyStore() != null) {
            result = result.withKeyManagerFactory(bundle.getManagers().getKeyManagerFactory());
        }
        String[] protocols = bundle.getOptions().getEnabledProtocols();
        if (protocols != null && protocols.length > 0) {
            try {
                result = result.withProtocols(protocols);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("SSL bundle " + name + ": " + e.getMessage(), e);
            }
        }
        String[] ciphers = bundle.getOptions().getCiphers();
        if (ciphers != null && ciphers.length > 0) {
            result = result.withCipherSuites(ciphers);
        }
        return result;
    }

    private X509Certificate[] certificates(String location) {
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            X509Certificate[] certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
            if (certs.length == 0) {
                throw new IllegalStateException(
                        "startle.mail.trust-certificates=" + location + " holds no certificate");
            }
            return certs;
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(
                    "startle.mail.trust-certificates=" + location + " cannot be read as PEM certificates: "
                            + e.getMessage(),
                    e);
        }
    }

    private PasswordCredential credential() {
        String user = mail.getUsername();
        String password = mail.getPassword();
        if (user == null || user.isEmpty()) {
            if (password != null && !password.isEmpty()) {
                throw new IllegalStateException("spring.mail.password is set but spring.mail.username is not");
            }
            return null;
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("spring.mail.username is set but spring.mail.password is not");
        }
        return PasswordCredential.of(user, password);
    }

    /** A single {@code mail.smtp.auth.mechanisms} entry pins the mechanism; a list leaves the choice to Startle. */
    private String authMechanism() {
        String value = javaMail("auth.mechanisms");
        if (value == null) {
            return null;
        }
        String[] names = words(value, "auth.mechanisms");
        if (names.length > 1) {
            log.info("mail.{}.auth.mechanisms lists several; Startle picks the strongest the relay offers", protocol);
            return null;
        }
        return names[0].toUpperCase(Locale.ROOT);
    }

    /** The explicit value, else the JavaMail property in milliseconds, else the default. JavaMail's 0 (infinite) is not. */
    private Duration timeout(Duration explicit, String javaMailName, Duration fallback) {
        if (explicit != null) {
            return explicit;
        }
        String value = javaMail(javaMailName);
        if (value == null) {
            return fallback;
        }
        long millis;
        try {
            millis = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "mail." + protocol + "." + javaMailName + "=" + value + " is not a number of milliseconds");
        }
        if (millis <= 0) {
            log.warn(
                    "mail.{}.{}={} means 'no timeout' in JavaMail; Startle keeps its bounded default of {}",
                    protocol,
                    javaMailName,
                    value,
                    fallback);
            return fallback;
        }
        return Duration.ofMillis(millis);
    }

    /** {@code mail.<protocol>.<name>}, falling back to {@code mail.smtp.<name>} for smtps. */
    private String javaMail(String name) {
        Map<String, String> props = mail.getProperties();
        String value = props.get("mail." + protocol + "." + name);
        if (value == null && !protocol.equals("smtp")) {
            value = props.get("mail.smtp." + name);
        }
        return value == null ? null : value.strip();
    }

    private void reportIgnored() {
        if (mail.getJndiName() != null) {
            log.warn(
                    "spring.mail.jndi-name is not supported by Startle and is ignored; the relay is {}",
                    mail.getHost());
        }
        for (String key : mail.getProperties().keySet()) {
            String name = key.startsWith("mail.smtps.")
                    ? key.substring("mail.smtps.".length())
                    : key.startsWith("mail.smtp.") ? key.substring("mail.smtp.".length()) : null;
            if (name != null && REFUSED.containsKey(name)) {
                log.warn("spring.mail.properties.{} is ignored: {}", key, REFUSED.get(name));
            } else if (name == null || !MAPPED.contains(name)) {
                log.debug("spring.mail.properties.{} has no Startle equivalent and is ignored", key);
            }
        }
    }

    private String[] words(String value, String name) {
        String[] words =
                Arrays.stream(value.split("[\\s,]+")).filter(w -> !w.isEmpty()).toArray(String[]::new);
        if (words.length == 0) {
            throw new IllegalStateException("mail." + protocol + "." + name + " is empty");
        }
        return words;
    }
}
