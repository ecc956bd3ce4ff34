package dev.startle.core;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Builds Netty {@link SslContext}s from {@link TlsSettings}, one per settings object and role, cached so sessions can
 * be resumed across connections (the client session cache lives in the context).
 */
final class SslContexts {
    private static final Map<TlsSettings, SslContext[]> CACHE = new WeakHashMap<>();

    private SslContexts() {}

    /**
     * The context for {@code settings} in {@code role}, built once and cached while the settings are reachable.
     * Building reads trust and key material (blocking I/O), so a context not yet cached is built on a
     * bounded-elastic thread, never on an event loop.
     */
    static Mono<SslContext> resolve(TlsSettings settings, Role role) {
        synchronized (CACHE) {
            SslContext[] byRole = CACHE.get(settings);
            if (byRole != null && byRole[role.ordinal()] != null) {
                return Mono.just(byRole[role.ordinal()]);
            }
        }
        return Mono.fromCallable(() -> get(settings, role)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Like {@link #resolve} but builds on the calling thread. */
    static SslContext get(TlsSettings settings, Role role) {
        synchronized (CACHE) {
            SslContext[] byRole = CACHE.computeIfAbsent(settings, s -> new SslContext[2]);
            SslContext ctx = byRole[role.ordinal()];
            if (ctx == null) {
                ctx = build(settings, role);
                byRole[role.ordinal()] = ctx;
            }
            return ctx;
        }
    }

    /** Whether BoringSSL from netty-tcnative is usable here. */
    static boolean openSslAvailable() {
        return OpenSsl.isAvailable();
    }

    static SslProvider provider(TlsProvider provider) {
        return switch (provider) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("TlsProvider.OPENSSL requested but netty-tcnative is unavailable: "
                            + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    private static SslContext build(TlsSettings s, Role role) {
        SslContextBuilder b;
        if (role == Role.SERVER) {
            if (!s.hasKeyMaterial()) {
                throw new IllegalStateException("the server role needs key material: TlsSettings.withKeyMaterial(...)");
            }
            b = s.keyManagerFactory != null
                    ? SslContextBuilder.forServer(s.keyManagerFactory)
                    : SslContextBuilder.forServer(s.privateKey, s.keyCertChain.toArray(new X509Certificate[0]));
        } else {
            b = SslContextBuilder.forClient();
            if (s.keyManagerFactory != null) {
                b.keyManager(s.keyManagerFactory);
            } else if (s.privateKey != null) {
                b.keyManager(s.privateKey, s.keyCertChain.toArray(new X509Certificate[0]));
            }
            b.endpointIdentificationAlgorithm(s.hostnameVerification() ? "HTTPS" : null);
        }
        if (s.isInsecure()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else {
            switch (s.trust) {
                case CERTIFICATES -> b.trustManager(s.trustedCertificates.toArray(new X509Certificate[0]));
                case FACTORY -> b.trustManager(s.trustManagerFactory);
                default -> {
                    // the JDK's default trust anchors
                }
            }
        }
        b.sslProvider(provider(s.provider()))
                .protocols(s.protocols())
                .applicationProtocolConfig(ApplicationProtocolConfig.DISABLED);
        if (!s.cipherSuites().isEmpty()) {
            b.ciphers(s.cipherSuites());
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("invalid TLS settings: " + e.getMessage(), e);
        }
    }
}
