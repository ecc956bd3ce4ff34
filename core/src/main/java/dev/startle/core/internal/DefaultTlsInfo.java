package dev.startle.core.internal;

import dev.startle.core.Role;
import dev.startle.core.TlsInfo;
import dev.startle.core.TlsProvider;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** A snapshot of a completed handshake. */
final class DefaultTlsInfo implements TlsInfo {
    private final String protocol;
    private final String cipherSuite;
    private final List<X509Certificate> peer;
    private final List<X509Certificate> local;
    private final String serverName;
    private final boolean resumed;
    private final TlsProvider provider;
    private final Duration handshake;
    private final byte[] serverEndPoint;

    private DefaultTlsInfo(
            String protocol,
            String cipherSuite,
            List<X509Certificate> peer,
            List<X509Certificate> local,
            String serverName,
            boolean resumed,
            TlsProvider provider,
            Duration handshake,
            byte[] serverEndPoint) {
        this.protocol = protocol;
        this.cipherSuite = cipherSuite;
        this.peer = peer;
        this.local = local;
        this.serverName = serverName;
        this.resumed = resumed;
        this.provider = provider;
        this.handshake = handshake;
        this.serverEndPoint = serverEndPoint;
    }

    static DefaultTlsInfo of(SslHandler handler, Role role, String sentServerName, long startMillis, long startNanos) {
        SSLEngine engine = handler.engine();
        SSLSession session = engine.getSession();
        List<X509Certificate> peer = x509(peerCertificates(session));
        List<X509Certificate> local = x509(session.getLocalCertificates());
        String sni = role == Role.CLIENT ? sentServerName : requestedServerName(session);
        List<X509Certificate> serverChain = role == Role.CLIENT ? peer : local;
        byte[] endPoint = serverChain.isEmpty() ? null : tlsServerEndPoint(serverChain.get(0));
        boolean openSsl = engine instanceof ReferenceCountedOpenSslEngine;
        TlsProvider provider = openSsl ? TlsProvider.OPENSSL : TlsProvider.JDK;
        // OpenSSL knows; the JDK keeps the creation time of the handshake that made a resumed session.
        boolean resumed = openSsl
                ? OpenSslSessions.reused((ReferenceCountedOpenSslEngine) engine)
                : session.getCreationTime() < startMillis;
        return new DefaultTlsInfo(
                session.getProtocol(),
                session.getCipherSuite(),
                peer,
                local,
                sni,
                resumed,
                provider,
                Duration.ofNanos(System.nanoTime() - startNanos),
                endPoint);
    }

    private static Certificate[] peerCertificates(SSLSession session) {
        try {
            return session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return new Certificate[0];
        }
    }

    private static List<X509Certificate> x509(Certificate[] certificates) {
        List<X509Certificate> out = new ArrayList<>();
        if (certificates != null) {
            for (Certificate c : certificates) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        }
        return List.copyOf(out);
    }

    private static String requestedServerName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            try {
                for (SNIServerName name : extended.getRequestedServerNames()) {
                    if (name instanceof SNIHostName host) {
                        return host.getAsciiName();
                    }
                }
            } catch (UnsupportedOperationException notTracked) {
                return null;
            }
        }
        return null;
    }

    /** RFC 5929 section 4.1: hash the DER certificate with its signature's hash, SHA-256 for MD5 and SHA-1. */
    static byte[] tlsServerEndPoint(X509Certificate certificate) {
        String sig = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        String digest;
        if (sig.startsWith("SHA384") || sig.contains("SHA384")) {
            digest = "SHA-384";
        } else if (sig.startsWith("SHA512") || sig.contains("SHA512")) {
            digest = "SHA-512";
        } else if (sig.contains("SHA256") || sig.contains("SHA1") || sig.startsWith("MD5") || sig.contains("SHA224")) {
            digest = "SHA-256";
        } else {
            return null; // e.g. Ed25519 or RSASSA-PSS with parameters: undefined by RFC 5929
        }
        try {
            return MessageDigest.getInstance(digest).digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return null;
        }
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String cipherSuite() {
        return cipherSuite;
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        return peer;
    }

    @Override
    public List<X509Certificate> localCertificates() {
        return local;
    }

    @Override
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    @Override
    public boolean sessionResumed() {
        return resumed;
    }

    @Override
    public TlsProvider provider() {
        return provider;
    }

    @Override
    public Duration handshakeDuration() {
        return handshake;
    }

    @Override
    public Optional<byte[]> tlsServerEndPoint() {
        return Optional.ofNullable(serverEndPoint).map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> tlsExporter() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return protocol + " " + cipherSuite + (resumed ? " (resumed)" : "") + " via " + provider;
    }

    /** Touches tcnative only when an OpenSSL engine proves it is loaded. */
    private static final class OpenSslSessions {
        static boolean reused(ReferenceCountedOpenSslEngine engine) {
            return io.netty.internal.tcnative.SSL.isSessionReused(engine.sslPointer());
        }
    }
}
