package dev.startle.samples.probe;

/**
 * LDAP (RFC 4511, RFC 4513): no greeting and no capability list before binding, so STARTTLS is asked for directly
 * with the StartTLS extended operation; success (0) is the go-ahead. Messages are read as BER: the tag byte, the
 * length (short or long form), then exactly that many bytes with {@code bytes(n)}.
 */
final class LdapProber implements Prober {
    private int messageIds;

    @Override
    public String greet(Conversation c) {
        return null; // the client speaks first
    }

    @Override
    public Capabilities capabilities(Conversation c) {
        return null; // supportedExtension in the root DSE would say; not probed
    }

    @Override
    public StartTlsOffer offer(Capabilities before) {
        return StartTlsOffer.UNKNOWN;
    }

    @Override
    public String startTls(Conversation c) {
        int id = ++messageIds;
        c.sendBytes(LdapMessages.startTlsRequest(id));
        c.note("LDAP ExtendedRequest StartTLS (" + LdapMessages.START_TLS_OID + "), messageID " + id);
        LdapMessages.ExtendedResponse response = LdapMessages.parseExtendedResponse(readMessage(c));
        c.note("LDAP ExtendedResponse messageID " + response.messageId() + ": " + response.describe());
        if (response.isNoticeOfDisconnection()) {
            throw new ProbeException("the server disconnected (notice of disconnection): " + response.describe());
        }
        if (response.messageId() != id) {
            throw new ProbeException("an LDAP response for messageID " + response.messageId() + ", expected " + id);
        }
        if (response.resultCode() != 0) {
            throw new ProbeException("StartTLS refused: " + response.describe());
        }
        return "ExtendedResponse " + response.describe();
    }

    @Override
    public void quit(Conversation c) {
        c.sendBytes(LdapMessages.unbindRequest(++messageIds));
    }

    /** One LDAPMessage: returns the value of its outer SEQUENCE. */
    private static byte[] readMessage(Conversation c) {
        int tag = c.read(1)[0] & 0xff;
        if (tag != Ber.SEQUENCE) {
            throw new ProbeException(String.format("not an LDAP message: first byte 0x%02x", tag));
        }
        int length = Ber.readLength(c.read(1)[0] & 0xff, () -> c.read(1)[0]);
        return length == 0 ? new byte[0] : c.read(length);
    }
}
