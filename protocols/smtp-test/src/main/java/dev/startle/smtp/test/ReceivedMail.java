package dev.startle.smtp.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message an {@link EmbeddedSmtpServer} accepted: the envelope, the exact bytes received (dot-unstuffed, CRLF line
 * endings, as a mail store would keep them) and how the session that carried it was protected. Immutable.
 *
 * <pre>{@code
 * ReceivedMail mail = server.awaitMessages(1, Duration.ofSeconds(5)).get(0);
 * assertThat(mail.recipients()).containsExactly("bob@example.net");
 * assertThat(mail.secure()).isTrue();
 * assertThat(mail.tlsProtocol()).hasValue("TLSv1.3");
 * assertThat(mail.header("Subject")).hasValue("Hello");
 * }</pre>
 */
public final class ReceivedMail {
    private final String sessionId;
    private final String heloName;
    private final String from;
    private final List<String> recipients;
    private final Map<String, String> mailParameters;
    private final byte[] bytes;
    private final boolean secure;
    private final String tlsProtocol;
    private final String authenticatedUser;
    private final Instant receivedAt;

    ReceivedMail(
            String sessionId,
            String heloName,
            String from,
            List<String> recipients,
            Map<String, String> mailParameters,
            byte[] bytes,
            boolean secure,
            String tlsProtocol,
            String authenticatedUser,
            Instant receivedAt) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.heloName = heloName;
        this.from = Objects.requireNonNull(from, "from");
        this.recipients = List.copyOf(recipients);
        this.mailParameters = Map.copyOf(mailParameters);
        this.bytes = bytes.clone();
        this.secure = secure;
        this.tlsProtocol = tlsProtocol;
        this.authenticatedUser = authenticatedUser;
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The reverse path from MAIL FROM; empty for the null sender {@code <>}. */
    public String from() {
        return from;
    }

    /** The accepted envelope recipients (RCPT TO), in order; Bcc recipients appear here and in no header. */
    public List<String> recipients() {
        return recipients;
    }

    /** The MAIL FROM parameters, keys upper case (e.g. {@code SIZE}, {@code BODY}, {@code SMTPUTF8}, {@code RET}). */
    public Map<String, String> mailParameters() {
        return mailParameters;
    }

    /** The message as received (headers, blank line, body); a fresh copy on each call. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The message size in bytes. */
    public int size() {
        return bytes.length;
    }

    /** The message decoded as UTF-8 (RFC 6532); encoded-words and transfer encodings are left as they are. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The first header field called {@code name} (case-insensitive), unfolded, without leading and trailing white
     * space; empty when the header section has no such field. RFC 2047 encoded-words are not decoded.
     */
    public Optional<String> header(String name) {
        List<String> all = headers(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every header field called {@code name} (case-insensitive), in order, unfolded and trimmed. */
    public List<String> headers(String name) {
        String wanted = name.toLowerCase(Locale.ROOT) + ":";
        List<String> values = new ArrayList<>();
        StringBuilder field = null;
        for (String line : headerSection().split("\r\n", -1)) {
            if (line.isEmpty()) {
                break; // the end of the header section
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && field != null) {
                field.append(line); // a folded continuation: unfolding removes only the CRLF
                continue;
            }
            addIfMatching(field, wanted, values);
            field = new StringBuilder(line);
        }
        addIfMatching(field, wanted, values);
        return List.copyOf(values);
    }

    /** The bytes before the first empty line, as UTF-8. */
    private String headerSection() {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return new String(bytes, 0, i, StandardCharsets.UTF_8);
            }
        }
        return text(); // no body
    }

    private static void addIfMatching(StringBuilder field, String wanted, List<String> values) {
        if (field != null
                && field.length() >= wanted.length()
                && field.substring(0, wanted.length()).toLowerCase(Locale.ROOT).equals(wanted)) {
            values.add(field.substring(wanted.length()).strip());
        }
    }

    /** Whether the session ran under TLS (after STARTTLS) when the message arrived. */
    public boolean secure() {
        return secure;
    }

    /** The negotiated TLS protocol (e.g. {@code "TLSv1.3"}) when {@link #secure()}. */
    public Optional<String> tlsProtocol() {
        return Optional.ofNullable(tlsProtocol);
    }

    /** The user the client authenticated as (AUTH PLAIN or LOGIN), if it did. */
    public Optional<String> authenticatedUser() {
        return Optional.ofNullable(authenticatedUser);
    }

    /** The name the client gave in EHLO or HELO (the one after STARTTLS, when it upgraded). */
    public Optional<String> heloName() {
        return Optional.ofNullable(heloName);
    }

    /** The id of the connection that carried the message: equal ids mean one connection was reused. */
    public String sessionId() {
        return sessionId;
    }

    /** When the server had the whole message (just before it answered {@code 250}). */
    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMail m
                && m.secure == secure
                && m.sessionId.equals(sessionId)
                && Objects.equals(m.heloName, heloName)
                && m.from.equals(from)
                && m.recipients.equals(recipients)
                && m.mailParameters.equals(mailParameters)
                && Arrays.equals(m.bytes, bytes)
                && Objects.equals(m.tlsProtocol, tlsProtocol)
                && Objects.equals(m.authenticatedUser, authenticatedUser)
                && m.receivedAt.equals(receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, from, recipients, Arrays.hashCode(bytes), receivedAt);
    }

    @Override
    public String toString() {
        return "ReceivedMail[from=<" + from + ">, to=" + recipients + ", " + bytes.length + " bytes, "
                + (secure ? tlsProtocol : "plaintext")
                + (authenticatedUser == null ? "" : ", user=" + authenticatedUser)
                + ", session=" + sessionId + "]";
    }
}
