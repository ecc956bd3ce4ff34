package dev.startle.benchmarks.harness;

import dev.startle.core.TlsProvider;
import dev.startle.core.TlsSettings;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates minted when a run starts (never stored in the repository): a CA and a server certificate for
 * {@code localhost}/127.0.0.1, in an ECDSA P-256 and an RSA-2048 variant, written as PEM files that every JVM of the run
 * loads.
 */
final class Pki {
    /** The key type of a variant. */
    enum Key {
        ECDSA,
        RSA;

        String dir() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Pki() {}

    /** Mints both variants into {@code dir}/ecdsa and {@code dir}/rsa. */
    static void mint(Path dir) throws Exception {
        Instant now = Instant.now();
        for (Key key : Key.values()) {
            CertificateBuilder base = new CertificateBuilder()
                    .notBefore(now.minus(1, ChronoUnit.DAYS))
                    .notAfter(now.plus(2, ChronoUnit.DAYS));
            base = key == Key.ECDSA ? base.ecp256() : base.rsa2048();
            X509Bundle ca = base.copy()
                    .subject("CN=Startle Benchmark CA")
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            X509Bundle server = base.copy()
                    .subject("CN=localhost")
                    .addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1")
                    .addExtendedKeyUsageServerAuth()
                    .buildIssuedBy(ca);
            Path d = Files.createDirectories(dir.resolve(key.dir()));
            Files.writeString(d.resolve("ca.pem"), ca.getCertificatePEM());
            Files.writeString(d.resolve("chain.pem"), server.getCertificatePathPEM());
            Files.writeString(d.resolve("key.pem"), server.getPrivateKeyPEM());
        }
    }

    /** The PEM files of one variant. */
    record Files3(Path ca, Path chain, Path key) {
        static Files3 of(Path pkiDir, Key key) {
            Path d = pkiDir.resolve(key.dir());
            return new Files3(d.resolve("ca.pem"), d.resolve("chain.pem"), d.resolve("key.pem"));
        }

        /** Startle client settings trusting the CA, hostname verification on (the default). */
        TlsSettings clientTls(TlsProvider provider) {
            return TlsSettings.defaults().withTrustedCertificates(ca).withProvider(provider);
        }

        /** Startle server settings with the server's key. */
        TlsSettings serverTls(TlsProvider provider) {
            return TlsSettings.defaults().withKeyMaterial(chain, key).withProvider(provider);
        }

        /** A JDK client context trusting the CA. */
        SSLContext clientContext() throws IOException, GeneralSecurityException {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificates(ca).get(0));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }

        /** A JDK server context with the server's key. */
        SSLContext serverContext() throws IOException, GeneralSecurityException {
            char[] password = "benchmark".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<X509Certificate> chainCerts = certificates(chain);
            store.setKeyEntry("server", Pki.privateKey(key), password, chainCerts.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }

        /** The server key, for Netty's own context builder. */
        PrivateKey privateKey() throws IOException, GeneralSecurityException {
            return Pki.privateKey(key);
        }

        /** The server chain, for Netty's own context builder. */
        X509Certificate[] chainCertificates() throws IOException, GeneralSecurityException {
            return certificates(chain).toArray(new X509Certificate[0]);
        }

        /** The CA, for Netty's own context builder. */
        X509Certificate caCertificate() throws IOException, GeneralSecurityException {
            return certificates(ca).get(0);
        }
    }

    static List<X509Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
    }
}
