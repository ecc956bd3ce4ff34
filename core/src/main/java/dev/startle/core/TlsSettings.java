package dev.startle.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Immutable TLS configuration; every {@code with...} method returns a changed copy.
 *
 * <p>Secure by default: the JDK's trust anchors, hostname verification on (RFC 9525 rules through the JDK's HTTPS
 * endpoint identification), TLS 1.3 and 1.2 only, the OpenSSL provider when available, a 10 second handshake timeout.
 * Trusting every certificate is possible only through the explicitly named {@link #withInsecureTrustAllCertificates()}.
 *
 * <pre>{@code
 * TlsSettings client = TlsSettings.defaults().withTrustedCertificates(Path.of("ca.pem"));
 * TlsSettings server = TlsSettings.defaults().withKeyMaterial(Path.of("chain.pem"), Path.of("key.pem"));
 * }</pre>
 */
public final class TlsSettings {
    /** The protocols enabled by default. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final TlsSettings DEFAULTS = new TlsSettings(new Spec());

    /** Where trust anchors come from. */
    enum Trust {
        JDK,
        CERTIFICATES,
        FACTORY,
        INSECURE
    }

    final Trust trust;
    final List<X509Certificate> trustedCertificates;
    final TrustManagerFactory trustManagerFactory;
    final KeyManagerFactory keyManagerFactory;
    final PrivateKey privateKey;
    final List<X509Certificate> keyCertChain;
    final boolean hostnameVerification;
    final List<String> protocols;
    final List<String> cipherSuites;
    final TlsProvider provider;
    final Duration handshakeTimeout;
    final String serverName;

    /** The values of a TlsSettings while one is being made; never shared. */
    private static final class Spec {
        Trust trust = Trust.JDK;
        List<X509Certificate> trustedCertificates;
        TrustManagerFactory trustManagerFactory;
        KeyManagerFactory keyManagerFactory;
        PrivateKey privateKey;
        List<X509Certificate> keyCertChain;
        boolean hostnameVerification = true;
        List<String> protocols = DEFAULT_PROTOCOLS;
        List<String> cipherSuites = List.of();
        TlsProvider provider = TlsProvider.AUTO;
        Duration handshakeTimeout = Duration.ofSeconds(10);
        String serverName;
    }

    private TlsSettings(Spec s) {
        this.trust = s.trust;
        this.trustedCertificates = s.trustedCertificates;
        this.trustManagerFactory = s.trustManagerFactory;
        this.keyManagerFactory = s.keyManagerFactory;
        this.privateKey = s.privateKey;
        this.keyCertChain = s.keyCertChain;
        this.hostnameVerification = s.hostnameVerification;
        this.protocols = s.protocols;
        this.cipherSuites = s.cipherSuites;
        this.provider = s.provider;
        this.handshakeTimeout = s.handshakeTimeout;
        this.serverName = s.serverName;
    }

    /** A copy of these settings with {@code change} applied. */
    private TlsSettings with(Consumer<Spec> change) {
        Spec s = new Spec();
        s.trust = trust;
        s.trustedCertificates = trustedCertificates;
        s.trustManagerFactory = trustManagerFactory;
        s.keyManagerFactory = keyManagerFactory;
        s.privateKey = privateKey;
        s.keyCertChain = keyCertChain;
        s.hostnameVerification = hostnameVerification;
        s.protocols = protocols;
        s.cipherSuites = cipherSuites;
        s.provider = provider;
        s.handshakeTimeout = handshakeTimeout;
        s.serverName = serverName;
        change.accept(s);
        return new TlsSettings(s);
    }

    /** The secure defaults described on the type. */
    public static TlsSettings defaults() {
        return DEFAULTS;
    }

    /** Trusts exactly these certificates (typically a private CA) instead of the JDK's anchors. */
    public TlsSettings withTrustedCertificates(X509Certificate... anchors) {
        if (anchors.length == 0) {
            throw new IllegalArgumentException("at least one trusted certificate is required");
        }
        return with(s -> {
            s.trust = Trust.CERTIFICATES;
            s.trustedCertificates = List.of(anchors);
            s.trustManagerFactory = null;
        });
    }

    /** Trusts the certificates of a PEM file (one or more {@code BEGIN CERTIFICATE} blocks). */
    public TlsSettings withTrustedCertificates(Path pemFile) {
        return withTrustedCertificates(
                Pem.certificates(read(pemFile), pemFile.toString()).toArray(X509Certificate[]::new));
    }

    /** Trusts the anchors of a key store (e.g. a PKCS#12 trust store). */
    public TlsSettings withTrustStore(KeyStore trustStore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            return withTrustManagerFactory(tmf);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable trust store: " + e.getMessage(), e);
        }
    }

    /** Uses a ready trust manager factory; hostname verification still applies. */
    public TlsSettings withTrustManagerFactory(TrustManagerFactory factory) {
        return with(s -> {
            s.trust = Trust.FACTORY;
            s.trustedCertificates = null;
            s.trustManagerFactory = Objects.requireNonNull(factory, "factory");
        });
    }

    /**
     * Trusts <b>every</b> certificate and disables hostname verification. This removes all protection against an
     * active attacker; it exists for tests and diagnostics against servers with self-signed certificates.
     */
    public TlsSettings withInsecureTrustAllCertificates() {
        return with(s -> {
            s.trust = Trust.INSECURE;
            s.trustedCertificates = null;
            s.trustManagerFactory = null;
            s.hostnameVerification = false;
        });
    }

    /** The key and certificate chain a server presents (or a client, for client-certificate authentication). */
    public TlsSettings withKeyMaterial(PrivateKey key, X509Certificate... chain) {
        if (chain.length == 0) {
            throw new IllegalArgumentException("the certificate chain must not be empty");
        }
        return with(s -> {
            s.keyManagerFactory = null;
            s.privateKey = Objects.requireNonNull(key, "key");
            s.keyCertChain = List.of(chain);
        });
    }

    /** The key (unencrypted PKCS#8 PEM) and certificate chain (PEM, leaf first) a server presents. */
    public TlsSettings withKeyMaterial(Path chainPem, Path keyPem) {
        List<X509Certificate> chain = Pem.certificates(read(chainPem), chainPem.toString());
        PrivateKey key = Pem.privateKey(read(keyPem), keyPem.toString());
        return withKeyMaterial(key, chain.toArray(X509Certificate[]::new));
    }

    /** Uses a ready key manager factory for the key material. */
    public TlsSettings withKeyManagerFactory(KeyManagerFactory factory) {
        return with(s -> {
            s.keyManagerFactory = Objects.requireNonNull(factory);
            s.privateKey = null;
            s.keyCertChain = null;
        });
    }

    /** Turns hostname verification off or on. Off is a security risk unless trust is pinned to one certificate. */
    public TlsSettings withHostnameVerification(boolean enabled) {
        return with(s -> {
            s.hostnameVerification = enabled;
        });
    }

    /**
     * The protocol versions to enable, e.g. {@code "TLSv1.3"}. Only TLS 1.2 and 1.3 are accepted: older versions are
     * broken.
     */
    public TlsSettings withProtocols(String... versions) {
        if (versions.length == 0) {
            throw new IllegalArgumentException("at least one protocol is required");
        }
        for (String v : versions) {
            if (!DEFAULT_PROTOCOLS.contains(v)) {
                throw new IllegalArgumentException("unsupported TLS protocol " + v + "; use TLSv1.3 or TLSv1.2");
            }
        }
        return with(s -> {
            s.protocols = List.of(versions);
        });
    }

    /** The cipher suites to allow (provider names); empty means the provider's secure defaults. */
    public TlsSettings withCipherSuites(String... suites) {
        return with(s -> {
            s.cipherSuites = List.of(suites);
        });
    }

    /** The TLS implementation. */
    public TlsSettings withProvider(TlsProvider provider) {
        return with(s -> {
            s.provider = Objects.requireNonNull(provider);
        });
    }

    /** How long a handshake may take before it fails with {@link TlsHandshakeException.Failure#TIMEOUT}. */
    public TlsSettings withHandshakeTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
        }
        return with(s -> {
            s.handshakeTimeout = timeout;
        });
    }

    /**
     * The name sent as SNI and checked against the certificate, when it differs from the host connected to (e.g.
     * connecting to an IP address of {@code mail.example.org}).
     */
    public TlsSettings withServerName(String name) {
        return with(s -> {
            s.serverName = Objects.requireNonNull(name, "name");
        });
    }

    /** Whether key material is configured (required for the server role). */
    public boolean hasKeyMaterial() {
        return keyManagerFactory != null || privateKey != null;
    }

    /** Whether hostname verification is on. */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** The enabled protocol versions. */
    public List<String> protocols() {
        return protocols;
    }

    /** The configured cipher suites; empty means the provider's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** The configured provider. */
    public TlsProvider provider() {
        return provider;
    }

    /** The handshake timeout. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The SNI/verification name override, if any. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    /** Whether every certificate is trusted (see {@link #withInsecureTrustAllCertificates()}). */
    public boolean isInsecure() {
        return trust == Trust.INSECURE;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsSettings[trust=" + trust + ", hostnameVerification=" + hostnameVerification + ", protocols="
                + protocols + ", provider=" + provider + ", handshakeTimeout=" + handshakeTimeout
                + (hasKeyMaterial() ? ", keyMaterial" : "") + "]";
    }
}
