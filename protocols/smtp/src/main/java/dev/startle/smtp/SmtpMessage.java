package dev.startle.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an SMTP transaction sends: the envelope (reverse path and recipients, which need not match the headers: Bcc
 * recipients appear only here) and the message body, plus RFC 3461 DSN options.
 *
 * <pre>{@code
 * SmtpMessage message = SmtpMessage.of("alice@example.org", List.of(Recipient.of("bob@example.net")),
 *         MessageBody.of(rfc5322Bytes));
 * }</pre>
 */
public final class SmtpMessage {
    /** What a DSN should return of the message (RFC 3461 RET). */
    public enum DsnReturn {
        /** The whole message. */
        FULL,
        /** Only the headers. */
        HDRS
    }

    private final String from;
    private final List<Recipient> recipients;
    private final MessageBody body;
    private final DsnReturn dsnReturn;
    private final String envelopeId;

    private SmtpMessage(String from, List<Recipient> recipients, MessageBody body, DsnReturn ret, String envid) {
        this.from = Addresses.check(from, "sender");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one recipient");
        }
        this.recipients = List.copyOf(recipients);
        this.body = Objects.requireNonNull(body, "body");
        this.dsnReturn = ret;
        this.envelopeId = envid;
    }

    /** A message from {@code from} (empty string for the null reverse path {@code <>}) to {@code recipients}. */
    public static SmtpMessage of(String from, List<Recipient> recipients, MessageBody body) {
        return new SmtpMessage(from, recipients, body, null, null);
    }

    /** The same message with DSN RET and ENVID (sent when the server offers DSN). */
    public SmtpMessage withDsn(DsnReturn ret, String envelopeId) {
        if (envelopeId != null) {
            for (int i = 0; i < envelopeId.length(); i++) {
                char c = envelopeId.charAt(i);
                if (c < 0x21 || c > 0x7e || c == '+' || c == '=') {
                    throw new IllegalArgumentException("ENVID must be printable ASCII without '+', '=' or spaces");
                }
            }
        }
        return new SmtpMessage(from, recipients, body, ret, envelopeId);
    }

    /** The reverse path (MAIL FROM); empty for {@code <>}. */
    public String from() {
        return from;
    }

    /** The recipients (RCPT TO), in order. */
    public List<Recipient> recipients() {
        return recipients;
    }

    /** The body. */
    public MessageBody body() {
        return body;
    }

    /** DSN RET, if set. */
    public Optional<DsnReturn> dsnReturn() {
        return Optional.ofNullable(dsnReturn);
    }

    /** DSN ENVID, if set. */
    public Optional<String> envelopeId() {
        return Optional.ofNullable(envelopeId);
    }

    /** Whether an address needs SMTPUTF8 (RFC 6531). */
    public boolean requiresSmtpUtf8() {
        if (!Addresses.isAscii(from)) {
            return true;
        }
        for (Recipient r : recipients) {
            if (!Addresses.isAscii(r.address())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "SmtpMessage[from=" + from + ", to=" + recipients + "]";
    }
}
