package dev.startle.samples.probe;

import java.util.Map;

/**
 * The LDAP messages of a StartTLS probe (RFC 4511 sections 4.12 and 4.14, RFC 4513 section 3): the StartTLS
 * ExtendedRequest, its ExtendedResponse, and UnbindRequest, hand-encoded in BER.
 */
final class LdapMessages {
    static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";
    static final String NOTICE_OF_DISCONNECTION_OID = "1.3.6.1.4.1.1466.20036";

    private static final int EXTENDED_REQUEST = 0x77; // [APPLICATION 23], constructed
    private static final int EXTENDED_RESPONSE = 0x78; // [APPLICATION 24], constructed
    private static final int UNBIND_REQUEST = 0x42; // [APPLICATION 2], primitive NULL
    private static final int REQUEST_NAME = 0x80; // [0] LDAPOID
    private static final int REFERRAL = 0xa3; // [3] Referral, constructed
    private static final int RESPONSE_NAME = 0x8a; // [10] LDAPOID

    private static final Map<Integer, String> RESULT_NAMES = Map.of(
            0, "success",
            1, "operationsError",
            2, "protocolError",
            3, "timeLimitExceeded",
            7, "authMethodNotSupported",
            12, "unavailableCriticalExtension",
            51, "busy",
            52, "unavailable",
            53, "unwillingToPerform",
            80, "other");

    /** The parts of an ExtendedResponse the probe reports. */
    record ExtendedResponse(int messageId, int resultCode, String diagnosticMessage, String responseName) {
        boolean isNoticeOfDisconnection() {
            return messageId == 0 && NOTICE_OF_DISCONNECTION_OID.equals(responseName);
        }

        String describe() {
            String d = resultCode + " (" + resultName(resultCode) + ")";
            return diagnosticMessage.isEmpty() ? d : d + ": " + Text.oneLine(diagnosticMessage);
        }
    }

    private LdapMessages() {}

    /** {@code LDAPMessage { messageID, extendedReq { requestName "1.3.6.1.4.1.1466.20037" } }}, no value. */
    static byte[] startTlsRequest(int messageId) {
        return Ber.tlv(
                Ber.SEQUENCE,
                Ber.integer(Ber.INTEGER, messageId),
                Ber.tlv(EXTENDED_REQUEST, Ber.octetString(REQUEST_NAME, START_TLS_OID)));
    }

    /** {@code LDAPMessage { messageID, unbindRequest NULL }}. */
    static byte[] unbindRequest(int messageId) {
        return Ber.tlv(Ber.SEQUENCE, Ber.integer(Ber.INTEGER, messageId), Ber.tlv(UNBIND_REQUEST));
    }

    /**
     * Decodes the value of an LDAPMessage SEQUENCE (its tag and length already read) that must be an
     * ExtendedResponse: {@code messageID, [APPLICATION 24] { resultCode, matchedDN, diagnosticMessage, [3] referral
     * OPTIONAL, [10] responseName OPTIONAL, [11] responseValue OPTIONAL }}; trailing controls are ignored.
     */
    static ExtendedResponse parseExtendedResponse(byte[] message) {
        Ber.Reader r = new Ber.Reader(message);
        int messageId = r.next(Ber.INTEGER, "messageID").integer();
        Ber.Reader op =
                new Ber.Reader(r.next(EXTENDED_RESPONSE, "ExtendedResponse").value());
        int resultCode = op.next(Ber.ENUMERATED, "resultCode").integer();
        op.next(Ber.OCTET_STRING, "matchedDN");
        String diagnostic = op.next(Ber.OCTET_STRING, "diagnosticMessage").string();
        if (op.peekTag() == REFERRAL) {
            op.next();
        }
        String responseName = op.peekTag() == RESPONSE_NAME ? op.next().string() : null;
        return new ExtendedResponse(messageId, resultCode, diagnostic, responseName);
    }

    static String resultName(int code) {
        return RESULT_NAMES.getOrDefault(code, "result code " + code);
    }
}
