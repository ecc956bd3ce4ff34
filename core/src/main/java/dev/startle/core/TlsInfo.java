package dev.startle.core;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a completed TLS handshake negotiated, and the channel-binding data protocols need for SCRAM-*-PLUS. */
public interface TlsInfo {
    /** The protocol version, e.g. {@code "TLSv1.3"}. */
    String protocol();

    /** The cipher suite, e.g. {@code "TLS_AES_128_GCM_SHA256"}. */
    String cipherSuite();

    /** The peer's certificate chain, leaf first; empty when the peer sent none (a client without a certificate). */
    List<X509Certificate> peerCertificates();

    /** The certificate chain this side presented, leaf first; empty when none. */
    List<X509Certificate> localCertificates();

    /** The SNI host name: the one sent (client role) or the one the client requested (server role). */
    Optional<String> serverName();

    /**
     * Whether an earlier session was resumed instead of a full handshake. Exact with OpenSSL; with the JDK derived
     * from the session's creation time (a resumed session keeps the time of the handshake that created it).
     */
    boolean sessionResumed();

    /** The provider that ran the handshake ({@link TlsProvider#JDK} or {@link TlsProvider#OPENSSL}). */
    TlsProvider provider();

    /** How long the handshake took, from the switch point to the handshake's completion. */
    Duration handshakeDuration();

    /**
     * The {@code tls-server-end-point} channel binding of RFC 5929: a hash of the server's certificate. Empty when the
     * server certificate's signature algorithm leaves it undefined (e.g. Ed25519) or no server certificate is known.
     */
    Optional<byte[]> tlsServerEndPoint();

    /**
     * The {@code tls-exporter} channel binding of RFC 9266 (32 bytes from the TLS 1.3 exporter with label
     * {@code EXPORTER-Channel-Binding}). Empty on TLS 1.2 and where the provider cannot export keying material (the JDK
     * before 25; netty-tcnative does not expose the exporter either).
     */
    Optional<byte[]> tlsExporter();
}
