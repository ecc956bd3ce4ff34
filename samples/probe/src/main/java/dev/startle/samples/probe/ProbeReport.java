package dev.startle.samples.probe;

import dev.startle.core.TlsInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one probe learned, filled in phase by phase, so a failure still reports what came before it. Rendered by
 * {@link TextReport} and {@link JsonReport}.
 */
final class ProbeReport {
    /** The outcome of certificate and host name verification. */
    enum Verification {
        /** The chain led to a trusted anchor and names the server. */
        PASSED,
        /** The handshake failed verification; the chain shown comes from a second, unverified connection. */
        FAILED,
        /** No handshake happened, or it failed for another reason. */
        NOT_REACHED
    }

    static final int OK = 0;
    static final int FAILED = 1;
    static final int UNVERIFIED = 3;

    final Target target;
    final boolean insecure;
    String trustSource;
    String local;
    String remote;
    String greeting;
    StartTlsOffer offer;
    String goAhead;
    String tlsProtocol;
    String cipherSuite;
    String provider;
    String serverName;
    Duration handshake;
    boolean resumed;
    final List<CertificateSummary> chain = new ArrayList<>();
    Verification verification = Verification.NOT_REACHED;
    String verificationDetail;
    Capabilities before;
    Capabilities after;
    final Map<String, Duration> timings = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    String failure;
    int exitCode = OK;

    ProbeReport(Target target, boolean insecure, String trustSource) {
        this.target = target;
        this.insecure = insecure;
        this.trustSource = trustSource;
    }

    void tls(TlsInfo info) {
        tlsProtocol = info.protocol();
        cipherSuite = info.cipherSuite();
        provider = info.provider().name();
        serverName = info.serverName().orElse(null);
        handshake = info.handshakeDuration();
        resumed = info.sessionResumed();
        chain.clear();
        info.peerCertificates().forEach(cert -> chain.add(CertificateSummary.of(cert)));
    }

    void fail(int code, String reason) {
        exitCode = code;
        failure = Text.oneLine(reason);
    }

    boolean ok() {
        return failure == null;
    }

    Duration total() {
        return timings.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
