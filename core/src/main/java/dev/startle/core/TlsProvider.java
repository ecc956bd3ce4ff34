package dev.startle.core;

/** Which TLS implementation runs the handshake and the record layer. */
public enum TlsProvider {
    /** OpenSSL (BoringSSL from netty-tcnative) when it is on the class path and loads, the JDK otherwise. */
    AUTO,
    /** The JDK's {@code SSLEngine}. */
    JDK,
    /** BoringSSL through netty-tcnative; fails at configuration time when it is not available. */
    OPENSSL
}
