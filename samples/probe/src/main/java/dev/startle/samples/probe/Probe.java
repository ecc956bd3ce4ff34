package dev.startle.samples.probe;

import dev.startle.core.LineClient;
import dev.startle.core.StartleException;
import dev.startle.core.TlsHandshakeException;
import dev.startle.core.TlsHandshakeException.Failure;
import dev.startle.core.TlsMode;
import dev.startle.core.TlsProvider;
import dev.startle.core.TlsSettings;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.OpenSsl;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.Exceptions;
import reactor.netty.tcp.TcpResources;

/**
 * Runs one probe: connect, greeting, capabilities, STARTTLS, handshake, capabilities again over TLS, goodbye; each
 * phase timed. Certificates are verified during the handshake, exactly as a Startle client would; when that fails the
 * probe connects a second time without verification, only to show the chain that failed.
 */
final class Probe {
    private final Target target;
    private final ProbeOptions options;
    private final Transcript transcript;
    private final Progress progress;
    private String phase = "start";

    Probe(Target target, ProbeOptions options, Transcript transcript, Progress progress) {
        this.target = target;
        this.options = options;
        this.transcript = transcript;
        this.progress = progress;
    }

    /** The TLS settings of the verified attempt; fails with IllegalArgumentException for an unusable CA file. */
    static TlsSettings tlsSettings(ProbeOptions options) {
        TlsSettings tls =
                TlsSettings.defaults().withProvider(options.provider()).withHandshakeTimeout(options.timeout());
        if (options.ca() != null) {
            tls = tls.withTrustedCertificates(options.ca());
        }
        return options.serverName() == null ? tls : tls.withServerName(options.serverName());
    }

    ProbeReport run() {
        TlsSettings verified = tlsSettings(options);
        Duration startup = warmUp();
        ProbeReport first = attempt(verified, startup);
        if (first.verification != ProbeReport.Verification.FAILED) {
            return first;
        }
        transcript.note("certificate verification failed; connecting again without verification to show the chain");
        ProbeReport second = attempt(verified.withInsecureTrustAllCertificates(), startup);
        second.verification = ProbeReport.Verification.FAILED;
        second.verificationDetail = first.verificationDetail;
        second.trustSource = first.trustSource;
        second.notes.add(
                "the certificate details (and timings) come from a second connection that skipped" + " verification");
        if (!second.ok()) {
            second.notes.add("the second connection failed too: " + second.failure);
        }
        if (!options.insecure()) {
            second.fail(ProbeReport.UNVERIFIED, "certificate verification failed: " + first.verificationDetail);
        } else if (second.ok()) {
            second.notes.add("verification failed, ignored because of --insecure");
        }
        return second;
    }

    /**
     * Loads the TLS provider and starts the event loops before anything is timed against the server: otherwise the
     * first phase would mostly measure the JVM (loading BoringSSL alone takes most of a second).
     */
    private Duration warmUp() {
        long start = System.nanoTime();
        try (Progress.Watch watch = progress.watch("startup")) {
            if (options.provider() != TlsProvider.JDK) {
                OpenSsl.isAvailable();
            }
            TcpResources.get().onClient(true);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private ProbeReport attempt(TlsSettings tls, Duration startup) {
        String trust = tls.isInsecure()
                ? "none (verification skipped)"
                : options.ca() != null ? "CA file " + options.ca() : "the JDK's trust store";
        ProbeReport r = new ProbeReport(target, options.insecure(), trust);
        r.timings.put("startup (TLS provider)", startup);
        boolean implicit = target.scheme().implicitTls();
        Prober prober = target.scheme().newProber();
        String serverName = options.serverName() != null ? options.serverName() : target.host();
        LineClient client = LineClient.create()
                .host(target.host())
                .port(target.port())
                .tlsMode(implicit ? TlsMode.IMPLICIT : TlsMode.STARTTLS_REQUIRED)
                .tls(tls)
                .connectTimeout(options.timeout())
                .readTimeout(options.timeout())
                .wiretap(transcript.wiretap());
        Conversation c = null;
        try {
            c = phase(
                    r,
                    implicit ? "connect + TLS handshake" : "connect",
                    () -> Conversation.open(client, options.timeout(), serverName, transcript));
            r.local = String.valueOf(c.connection().localAddress());
            r.remote = String.valueOf(c.connection().remoteAddress());
            if (implicit) {
                secured(r, c, tls, serverName);
            }
            Conversation conversation = c;
            r.greeting = phase(r, "greeting", () -> prober.greet(conversation));
            Capabilities caps = phase(r, "capabilities", () -> prober.capabilities(conversation));
            if (implicit) {
                r.after = caps;
            } else {
                r.before = caps;
                String plaintextAuth = prober.plaintextAuth(caps);
                if (plaintextAuth != null) {
                    r.notes.add("warning: " + plaintextAuth + " before TLS: a client could send its password"
                            + " unencrypted");
                }
                r.offer = prober.offer(caps);
                if (r.offer == StartTlsOffer.NOT_OFFERED) {
                    throw new ProbeException(
                            "the server does not offer STARTTLS (not in its " + caps.command() + " list)");
                }
                r.goAhead = phase(r, "STARTTLS", () -> prober.startTls(conversation));
                phase(r, "TLS handshake", conversation::upgrade);
                secured(r, c, tls, serverName);
                r.after = phase(r, "capabilities over TLS", () -> {
                    prober.restart(conversation);
                    return prober.capabilities(conversation);
                });
            }
            try {
                phase(r, "quit", () -> {
                    prober.quit(conversation);
                    return true;
                });
            } catch (RuntimeException e) {
                r.notes.add("goodbye: " + describe(e));
            }
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof TlsHandshakeException h && isCertificateFailure(h) && !tls.isInsecure()) {
                r.verification = ProbeReport.Verification.FAILED;
                r.verificationDetail = h.failure() + ": " + h.getMessage();
            }
            r.fail(ProbeReport.FAILED, phase + ": " + describe(cause));
        } finally {
            if (c != null) {
                c.close();
            }
        }
        return r;
    }

    private void secured(ProbeReport r, Conversation c, TlsSettings tls, String serverName) {
        r.tls(c.connection().tls().orElseThrow(() -> new ProbeException("no TLS after the handshake")));
        if (!tls.isInsecure()) {
            r.verification = ProbeReport.Verification.PASSED;
            r.verificationDetail = "chain trusted (" + r.trustSource + ") and valid for " + serverName;
        }
    }

    private <T> T phase(ProbeReport r, String name, Supplier<T> step) {
        phase = name;
        transcript.note(name);
        transcript.flush();
        long start = System.nanoTime();
        boolean nothing = false;
        try (Progress.Watch watch = progress.watch(name)) {
            T result = step.get();
            nothing = result == null; // the protocol has no such phase (LDAP: no greeting, no capability list)
            return result;
        } finally {
            if (!nothing) {
                r.timings.put(name, Duration.ofNanos(System.nanoTime() - start));
            }
        }
    }

    private static boolean isCertificateFailure(TlsHandshakeException e) {
        return e.failure() == Failure.UNTRUSTED_CERTIFICATE || e.failure() == Failure.HOSTNAME_MISMATCH;
    }

    /** One line for the user: the server's words or the library's typed error, never a stack trace. */
    private String describe(Throwable e) {
        Throwable t = Exceptions.unwrap(e);
        if (t instanceof ProbeException || t instanceof StartleException) {
            return Text.oneLine(String.valueOf(t.getMessage()));
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return "unknown host " + target.host();
            }
            if (c instanceof ConnectTimeoutException) {
                return "cannot connect to " + target.host() + ":" + target.port() + ": no answer within "
                        + Text.duration(options.timeout());
            }
            if (c instanceof ConnectException) {
                return "cannot connect to " + target.host() + ":" + target.port() + ": " + c.getMessage();
            }
        }
        return Text.oneLine(t.getClass().getSimpleName() + ": " + t.getMessage());
    }
}
