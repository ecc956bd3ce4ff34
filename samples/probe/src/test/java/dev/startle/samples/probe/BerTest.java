package dev.startle.samples.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BerTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void startTlsRequestIsTheWellKnownEncoding() {
        // RFC 4511: LDAPMessage { messageID 1, extendedReq { requestName [0] "1.3.6.1.4.1.1466.20037" } }
        assertThat(HEX.formatHex(LdapMessages.startTlsRequest(1)))
                .isEqualTo("301d02010177188016" + HEX.formatHex("1.3.6.1.4.1.1466.20037".getBytes()));
    }

    @Test
    void unbindRequest() {
        assertThat(HEX.formatHex(LdapMessages.unbindRequest(2))).isEqualTo("3005020102" + "4200");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 00", "127, 7f", "128, 8180", "255, 81ff", "256, 820100", "65535, 82ffff", "65536, 83010000"})
    void lengthsUseTheShortestDefiniteForm(int length, String encoded) {
        assertThat(HEX.formatHex(Ber.length(length))).isEqualTo(encoded);
        byte[] bytes = HEX.parseHex(encoded);
        AtomicInteger next = new AtomicInteger(1);
        if (length <= Ber.MAX_LENGTH) {
            assertThat(Ber.readLength(bytes[0] & 0xff, () -> bytes[next.getAndIncrement()]))
                    .isEqualTo(length);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 020100",
        "1, 020101",
        "127, 02017f",
        "128, 02020080",
        "256, 02020100",
        "-1, 0201ff",
        "-129, 0202ff7f"
    })
    void integersUseTheFewestTwosComplementBytes(int value, String encoded) {
        assertThat(HEX.formatHex(Ber.integer(Ber.INTEGER, value))).isEqualTo(encoded);
        assertThat(new Ber.Reader(HEX.parseHex(encoded)).next().integer()).isEqualTo(value);
    }

    @Test
    void refusesIndefiniteHugeAndOverlongLengths() {
        assertThatThrownBy(() -> Ber.readLength(0x80, () -> 0)).hasMessageContaining("indefinite");
        assertThatThrownBy(() -> Ber.readLength(0x85, () -> 0)).hasMessageContaining("5 bytes");
        assertThatThrownBy(() -> Ber.readLength(0x84, () -> 0x7f)).hasMessageContaining("more than");
    }

    @Test
    void readerRefusesValuesLongerThanTheData() {
        assertThatThrownBy(() -> new Ber.Reader(HEX.parseHex("0405616263")).next())
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("only 3 left");
        assertThatThrownBy(() -> new Ber.Reader(HEX.parseHex("04")).next()).hasMessageContaining("ends early");
        assertThatThrownBy(() -> new Ber.Reader(HEX.parseHex("1f0100")).next()).hasMessageContaining("multi-byte");
    }

    @Test
    void parsesASuccessfulExtendedResponse() {
        byte[] message = LdapPeer.response(0);
        Ber.Tlv outer = new Ber.Reader(message).next();
        LdapMessages.ExtendedResponse r = LdapMessages.parseExtendedResponse(outer.value());
        assertThat(r.messageId()).isEqualTo(1);
        assertThat(r.resultCode()).isZero();
        assertThat(r.responseName()).isEqualTo(LdapMessages.START_TLS_OID);
        assertThat(r.describe()).isEqualTo("0 (success)");
        assertThat(r.isNoticeOfDisconnection()).isFalse();
    }

    @Test
    void parsesARefusalWithReferralAndLongFormLengths() {
        String diagnostic = "x".repeat(300); // forces long-form lengths on every enclosing TLV
        byte[] message = Ber.tlv(
                Ber.SEQUENCE,
                Ber.integer(Ber.INTEGER, 7),
                Ber.tlv(
                        0x78,
                        Ber.integer(Ber.ENUMERATED, 53),
                        Ber.octetString(Ber.OCTET_STRING, "dc=example"),
                        Ber.octetString(Ber.OCTET_STRING, diagnostic),
                        Ber.tlv(0xa3, Ber.octetString(Ber.OCTET_STRING, "ldap://other/"))));
        assertThat(message[1] & 0xff).isEqualTo(0x82);
        LdapMessages.ExtendedResponse r = LdapMessages.parseExtendedResponse(
                new Ber.Reader(message).next().value());
        assertThat(r.messageId()).isEqualTo(7);
        assertThat(r.resultCode()).isEqualTo(53);
        assertThat(r.responseName()).isNull();
        assertThat(r.describe()).startsWith("53 (unwillingToPerform): xxx");
    }

    @Test
    void recognisesANoticeOfDisconnection() {
        byte[] message = Ber.tlv(
                Ber.SEQUENCE,
                Ber.integer(Ber.INTEGER, 0),
                Ber.tlv(
                        0x78,
                        Ber.integer(Ber.ENUMERATED, 52),
                        Ber.octetString(Ber.OCTET_STRING, ""),
                        Ber.octetString(Ber.OCTET_STRING, "shutting down"),
                        Ber.octetString(0x8a, LdapMessages.NOTICE_OF_DISCONNECTION_OID)));
        LdapMessages.ExtendedResponse r = LdapMessages.parseExtendedResponse(
                new Ber.Reader(message).next().value());
        assertThat(r.isNoticeOfDisconnection()).isTrue();
        assertThat(r.describe()).isEqualTo("52 (unavailable): shutting down");
    }

    @Test
    void refusesAMessageThatIsNotAnExtendedResponse() {
        byte[] bindResponse = Ber.tlv(
                Ber.SEQUENCE,
                Ber.integer(Ber.INTEGER, 1),
                Ber.tlv(0x61, Ber.integer(Ber.ENUMERATED, 0), Ber.octetString(4, ""), Ber.octetString(4, "")));
        assertThatThrownBy(() -> LdapMessages.parseExtendedResponse(
                        new Ber.Reader(bindResponse).next().value()))
                .isInstanceOf(ProbeException.class)
                .hasMessageContaining("ExtendedResponse");
    }
}
