package dev.startle.samples.probe;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/** What the probe shows of one certificate of the chain. */
record CertificateSummary(
        String subject,
        String issuer,
        Instant notBefore,
        Instant notAfter,
        List<String> subjectAltNames,
        String key,
        String signatureAlgorithm,
        String sha256) {

    static CertificateSummary of(X509Certificate cert) {
        return new CertificateSummary(
                cert.getSubjectX500Principal().getName(),
                cert.getIssuerX500Principal().getName(),
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(),
                subjectAltNames(cert),
                key(cert),
                cert.getSigAlgName(),
                sha256(cert));
    }

    /** {@code valid}, {@code expired} or {@code not yet valid} at {@code now}. */
    String validity(Instant now) {
        if (now.isBefore(notBefore)) {
            return "not yet valid";
        }
        return now.isAfter(notAfter) ? "expired" : "valid";
    }

    /** Whole days until expiry (negative once expired). */
    long daysLeft(Instant now) {
        return Duration.between(now, notAfter).toDays();
    }

    private static List<String> subjectAltNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    Object value = san.get(1);
                    String prefix = switch (type) {
                        case 1 -> "email:";
                        case 2 -> "DNS:";
                        case 6 -> "URI:";
                        case 7 -> "IP:";
                        default -> "type" + type + ":";
                    };
                    names.add(prefix + (value instanceof String s ? s : "<" + type + ">"));
                }
            }
        } catch (CertificateParsingException e) {
            names.add("<unparseable: " + e.getMessage() + ">");
        }
        return names;
    }

    private static String key(X509Certificate cert) {
        var key = cert.getPublicKey();
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        if (key instanceof ECKey ec) {
            return "EC " + ec.getParams().getCurve().getField().getFieldSize();
        }
        return key.getAlgorithm();
    }

    private static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "<" + e.getMessage() + ">";
        }
    }
}
