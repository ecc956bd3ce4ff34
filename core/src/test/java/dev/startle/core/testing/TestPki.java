package dev.startle.core.testing;

import dev.startle.core.TlsProvider;
import dev.startle.core.TlsSettings;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Certificates minted at test time (never committed): a CA, a server certificate for localhost/127.0.0.1 issued by it,
 * one for another host name, and an unrelated CA. Created once per JVM.
 */
public final class TestPki {
    private static volatile TestPki instance;

    private final X509Bundle ca;
    private final X509Bundle server;
    private final X509Bundle wrongHost;
    private final X509Bundle otherCa;
    private Path caPem;

    private TestPki() throws Exception {
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder()
                .notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(30, ChronoUnit.DAYS))
                .ecp256();
        ca = base.copy()
                .subject("CN=Startle Test CA")
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        server = base.copy()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth()
                .buildIssuedBy(ca);
        wrongHost = base.copy()
                .subject("CN=mail.example.org")
                .addSanDnsName("mail.example.org")
                .addExtendedKeyUsageServerAuth()
                .buildIssuedBy(ca);
        otherCa = base.copy()
                .subject("CN=Someone Else's CA")
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
    }

    /** The shared instance. */
    public static TestPki get() {
        TestPki p = instance;
        if (p == null) {
            synchronized (TestPki.class) {
                p = instance;
                if (p == null) {
                    try {
                        p = new TestPki();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot mint test certificates", e);
                    }
                    instance = p;
                }
            }
        }
        return p;
    }

    /** Server settings presenting the localhost certificate (chain without the root). */
    public TlsSettings serverTls(TlsProvider provider) {
        return TlsSettings.defaults()
                .withKeyMaterial(server.getKeyPair().getPrivate(), server.getCertificatePath())
                .withProvider(provider);
    }

    /** Server settings presenting a certificate for mail.example.org (trusted CA, wrong name for localhost). */
    public TlsSettings wrongHostServerTls(TlsProvider provider) {
        return TlsSettings.defaults()
                .withKeyMaterial(wrongHost.getKeyPair().getPrivate(), wrongHost.getCertificatePath())
                .withProvider(provider);
    }

    /** Client settings trusting the test CA. */
    public TlsSettings clientTls(TlsProvider provider) {
        return TlsSettings.defaults()
                .withTrustedCertificates(ca.getCertificate())
                .withProvider(provider);
    }

    /** Client settings trusting only an unrelated CA. */
    public TlsSettings untrustingClientTls(TlsProvider provider) {
        return TlsSettings.defaults()
                .withTrustedCertificates(otherCa.getCertificate())
                .withProvider(provider);
    }

    /** The server certificate bundle. */
    public X509Bundle server() {
        return server;
    }

    /** The CA bundle. */
    public X509Bundle ca() {
        return ca;
    }

    /** The CA certificate as a PEM file (for openssl and other external clients). */
    public synchronized Path caPemFile() {
        if (caPem == null) {
            try {
                caPem = Files.createTempFile("startle-test-ca", ".pem");
                caPem.toFile().deleteOnExit();
                Files.writeString(caPem, ca.getCertificatePEM());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return caPem;
    }
}
