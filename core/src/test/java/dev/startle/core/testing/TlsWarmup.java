package dev.startle.core.testing;

import dev.startle.core.LineClient;
import dev.startle.core.LineConnection;
import dev.startle.core.LineServer;
import dev.startle.core.TlsProvider;
import io.netty.handler.ssl.OpenSsl;
import java.time.Duration;
import reactor.netty.DisposableServer;

/**
 * Runs one complete STARTTLS conversation per TLS provider, once per JVM, so that tests which assert how <em>fast</em>
 * a failure is reported measure the failure and not the first use of Netty, the TLS providers and BlockHound's class
 * instrumentation (together about 2-3 s in a cold test JVM).
 */
public final class TlsWarmup {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static boolean done;

    private TlsWarmup() {}

    /** Warms up both providers (OpenSSL only when available); returns at once after the first call. */
    public static synchronized void ensure() {
        if (done) {
            return;
        }
        for (TlsProvider provider : new TlsProvider[] {TlsProvider.JDK, TlsProvider.OPENSSL}) {
            if (provider == TlsProvider.OPENSSL && !OpenSsl.isAvailable()) {
                continue;
            }
            TestPki pki = TestPki.get();
            DisposableServer bound =
                    LineServer.create().tls(pki.serverTls(provider)).bindNow(new EchoStartTlsHandler());
            try {
                LineConnection c = LineClient.create()
                        .host("127.0.0.1")
                        .port(bound.port())
                        .tls(pki.clientTls(provider).withServerName("localhost"))
                        .connectNow(WAIT);
                c.lines().next().block(WAIT);
                c.send("STARTTLS").block(WAIT);
                c.lines().next().block(WAIT);
                c.upgradeToTls().block(WAIT);
                c.send("QUIT").block(WAIT);
                c.lines().next().block(WAIT);
                c.close().block(WAIT);
            } finally {
                bound.disposeNow(WAIT);
            }
        }
        done = true;
    }
}
