package dev.startle.smtp.test;

import dev.startle.core.TlsProvider;
import dev.startle.core.TlsSettings;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of one embedded server, minted when it starts: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1} issued by it, and one issued by the same CA for a host name nobody connects to (for
 * {@link StartTlsBehaviour#BROKEN}).
 */
final class KitPki {
    /** The name on the certificate a BROKEN server presents: trusted issuer, wrong host. */
    static final String WRONG_HOST = "wrong-host.invalid";

    private final X509Bundle ca;
    private final X509Bundle server;
    private final X509Bundle wrongHost;
    private Path caPem;

    private KitPki(X509Bundle ca, X509Bundle server, X509Bundle wrongHost) {
        this.ca = ca;
        this.server = server;
        this.wrongHost = wrongHost;
    }

    /** Mints a fresh CA and its server certificates (EC P-256, valid from yesterday for 30 days). */
    static KitPki mint() {
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder()
                .notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(30, ChronoUnit.DAYS))
                .ecp256();
        try {
            X509Bundle ca = base.copy()
                    .subject("CN=Startle SMTP test kit CA")
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            X509Bundle server = base.copy()
                    .subject("CN=localhost")
                    .addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1")
                    .addExtendedKeyUsageServerAuth()
                    .buildIssuedBy(ca);
            X509Bundle wrongHost = base.copy()
                    .subject("CN=" + WRONG_HOST)
                    .addSanDnsName(WRONG_HOST)
                    .addExtendedKeyUsageServerAuth()
                    .buildIssuedBy(ca);
            return new KitPki(ca, server, wrongHost);
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint the test server's certificates", e);
        }
    }

    X509Certificate caCertificate() {
        return ca.getCertificate();
    }

    /** Server-side settings presenting the right certificate, or the wrong-host one. */
    TlsSettings serverTls(boolean wrongName, TlsProvider provider, Duration handshakeTimeout) {
        X509Bundle bundle = wrongName ? wrongHost : server;
        return TlsSettings.defaults()
                .withKeyMaterial(bundle.getKeyPair().getPrivate(), bundle.getCertificatePath())
                .withProvider(provider)
                .withHandshakeTimeout(handshakeTimeout);
    }

    TlsSettings clientTls() {
        return TlsSettings.defaults().withTrustedCertificates(ca.getCertificate());
    }

    /** An in-memory PKCS#12 key store holding the CA as its only trusted entry. */
    KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("startle-smtp-test-ca", ca.getCertificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /** A TLS client context trusting only the CA (with the JDK's default protocols). */
    SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an SSLContext", e);
        }
    }

    /** The CA as a PEM file, written on first use and deleted by {@link #deleteFiles()}. */
    synchronized Path caPemFile() {
        if (caPem == null) {
            try {
                Path file = Files.createTempFile("startle-smtp-test-ca", ".pem");
                file.toFile().deleteOnExit();
                Files.writeString(file, ca.getCertificatePEM());
                caPem = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return caPem;
    }

    synchronized void deleteFiles() {
        if (caPem != null) {
            try {
                Files.deleteIfExists(caPem);
            } catch (IOException ignored) {
                // deleteOnExit will try again
            }
        }
    }
}
