package dev.startle.core.internal;

import dev.startle.core.StartTlsException;
import dev.startle.core.StartleException;
import dev.startle.core.TlsHandshakeException;
import dev.startle.core.TlsHandshakeException.Failure;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;

/** Classifies a provider's handshake error (JDK or OpenSSL texts differ) into a {@link TlsHandshakeException}. */
final class TlsFailures {
    private TlsFailures() {}

    static StartleException classify(Throwable error, String peer) {
        if (error instanceof StartTlsException e) {
            return e;
        }
        Failure failure = failureOf(error);
        String what = switch (failure) {
            case UNTRUSTED_CERTIFICATE ->
                receivedAlert(error)
                        ? peer
                                + " rejected the certificate presented to it (untrusted, or not for the name it expected)"
                        : "the certificate of " + peer + " is not trusted";
            case HOSTNAME_MISMATCH -> "the certificate of " + peer + " does not match its host name";
            case PEER_CLOSED -> peer + " closed the connection during the TLS handshake";
            case TIMEOUT -> "the TLS handshake with " + peer + " timed out";
            case PLAINTEXT_PEER -> peer + " answered in plaintext where a TLS handshake was expected";
            case NEGOTIATION -> "TLS negotiation with " + peer + " failed (no common protocol or cipher, or an alert)";
            case OTHER -> "the TLS handshake with " + peer + " failed";
        };
        return new TlsHandshakeException(failure, what + ": " + rootMessage(error), error);
    }

    static Failure failureOf(Throwable error) {
        boolean certificateProblem = false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof SslHandshakeTimeoutException || m.contains("handshake timed out")) {
                return Failure.TIMEOUT;
            }
            if (t instanceof NotSslRecordException) {
                return Failure.PLAINTEXT_PEER;
            }
            if (m.contains("no subject alternative")
                    || m.contains("no name matching")
                    || m.contains("hostname") && m.contains("match")) {
                return Failure.HOSTNAME_MISMATCH;
            }
            if (t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException
                    || m.contains("unable to find valid certification path")
                    || m.contains("certificate_unknown")
                    || m.contains("unknown_ca")
                    || m.contains("unknown ca")
                    || m.contains("certificate_verify_failed")
                    || m.contains("bad_certificate")
                    || m.contains("bad certificate")) {
                certificateProblem = true;
            }
            if (t instanceof CertificateException) {
                certificateProblem = true;
            }
            if (t instanceof ClosedChannelException
                    || m.contains("connection closed")
                    || m.contains("closed engine")
                    || m.contains("remote host terminated")
                    || m.contains("connection reset")
                    || m.contains("ssl_error_syscall")
                    || m.contains("channel inactive")) {
                if (!certificateProblem) {
                    return Failure.PEER_CLOSED;
                }
            }
        }
        if (certificateProblem) {
            return Failure.UNTRUSTED_CERTIFICATE;
        }
        String m = String.valueOf(rootMessage(error)).toLowerCase(Locale.ROOT);
        if (m.contains("protocol_version")
                || m.contains("no appropriate protocol")
                || m.contains("handshake_failure")
                || m.contains("no cipher")
                || m.contains("insufficient_security")
                || m.contains("wrong_version")
                || receivedAlert(error)) {
            return Failure.NEGOTIATION;
        }
        return Failure.OTHER;
    }

    /** Whether the failure is a fatal alert received from the peer (JDK and BoringSSL texts). */
    private static boolean receivedAlert(Throwable error) {
        String m = String.valueOf(rootMessage(error)).toLowerCase(Locale.ROOT);
        return m.contains("received fatal alert") || m.contains("_alert_");
    }

    static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
