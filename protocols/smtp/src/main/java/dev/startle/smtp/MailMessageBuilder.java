package dev.startle.smtp;

import dev.startle.smtp.internal.mime.HeaderSyntax;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Collects the parts of a {@link MailMessage}; get one from {@link MailMessage#builder()}. Each method checks its input
 * at once and throws {@link IllegalArgumentException} for anything that could not be written safely (a line break in a
 * subject, name or value is refused rather than escaped: it is how header injection works). Not thread-safe; {@link
 * #build()} can be called more than once, each message getting its own Message-ID unless one was set.
 */
public final class MailMessageBuilder {
    /** Fields the builder writes itself; {@code Content-*} fields are refused too. */
    private static final Set<String> RESERVED =
            Set.of("date", "from", "sender", "reply-to", "to", "cc", "bcc", "message-id", "subject", "mime-version");

    Mailbox from;
    Mailbox sender;
    final List<Mailbox> to = new ArrayList<>();
    final List<Mailbox> cc = new ArrayList<>();
    final List<Mailbox> bcc = new ArrayList<>();
    final List<Mailbox> replyTo = new ArrayList<>();
    String subject;
    final List<Map.Entry<String, String>> headers = new ArrayList<>();
    String text;
    String html;
    final List<Attachment> attachments = new ArrayList<>();
    final Map<String, Attachment> inline = new LinkedHashMap<>();
    String messageId;
    OffsetDateTime date;
    Clock clock = Clock.systemDefaultZone();
    String envelopeFrom;

    MailMessageBuilder() {}

    /** The author (From), also the envelope sender unless {@link #envelopeFrom} is set. */
    public MailMessageBuilder from(String address) {
        return from(Mailbox.of(address));
    }

    /** The author with a display name. */
    public MailMessageBuilder from(String displayName, String address) {
        return from(Mailbox.of(displayName, address));
    }

    /** The author. */
    public MailMessageBuilder from(Mailbox mailbox) {
        this.from = Objects.requireNonNull(mailbox, "from");
        return this;
    }

    /** The Sender: who sent the message on the author's behalf (RFC 5322 section 3.6.2). */
    public MailMessageBuilder sender(Mailbox mailbox) {
        this.sender = mailbox;
        return this;
    }

    /** Adds To recipients. */
    public MailMessageBuilder to(String... addresses) {
        return add(to, addresses);
    }

    /** Adds To recipients with display names. */
    public MailMessageBuilder to(Mailbox... mailboxes) {
        return add(to, mailboxes);
    }

    /** Adds Cc recipients. */
    public MailMessageBuilder cc(String... addresses) {
        return add(cc, addresses);
    }

    /** Adds Cc recipients with display names. */
    public MailMessageBuilder cc(Mailbox... mailboxes) {
        return add(cc, mailboxes);
    }

    /** Adds Bcc recipients: they get the message, but no header names them. */
    public MailMessageBuilder bcc(String... addresses) {
        return add(bcc, addresses);
    }

    /** Adds Bcc recipients (their display names are not used). */
    public MailMessageBuilder bcc(Mailbox... mailboxes) {
        return add(bcc, mailboxes);
    }

    /** Adds Reply-To mailboxes. */
    public MailMessageBuilder replyTo(String... addresses) {
        return add(replyTo, addresses);
    }

    /** Adds Reply-To mailboxes with display names. */
    public MailMessageBuilder replyTo(Mailbox... mailboxes) {
        return add(replyTo, mailboxes);
    }

    /** The subject: any text without line breaks; non-ASCII is written as RFC 2047 encoded-words. */
    public MailMessageBuilder subject(String subject) {
        this.subject = HeaderSyntax.text(subject, "subject");
        return this;
    }

    /**
     * Adds a header field (it may be repeated), such as {@code In-Reply-To}, {@code List-Unsubscribe} or {@code
     * X-Mailer}. The name must be an RFC 5322 field name and not one the builder writes (Date, From, Sender, Reply-To,
     * To, Cc, Bcc, Message-ID, Subject, MIME-Version, Content-*). The value is treated as unstructured text: folded at
     * its spaces, or written as encoded-words if it is not ASCII (so structured values must be ASCII).
     */
    public MailMessageBuilder header(String name, String value) {
        HeaderSyntax.fieldName(name);
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || lower.startsWith("content-")) {
            throw new IllegalArgumentException("header " + name + " is written by the builder; use its own method");
        }
        headers.add(Map.entry(name, HeaderSyntax.text(value, "value of header " + name)));
        return this;
    }

    /** The plain-text body (any line breaks; sent as CRLF). With {@link #html}, the two are alternatives. */
    public MailMessageBuilder text(String text) {
        this.text = Objects.requireNonNull(text, "text");
        return this;
    }

    /** The HTML body; it may refer to {@link #inline} parts as {@code cid:<contentId>}. */
    public MailMessageBuilder html(String html) {
        this.html = Objects.requireNonNull(html, "html");
        return this;
    }

    /** Adds an attachment. */
    public MailMessageBuilder attach(Attachment attachment) {
        attachments.add(Objects.requireNonNull(attachment, "attachment"));
        return this;
    }

    /**
     * Adds an inline resource (typically an image) that the HTML shows as {@code <img src="cid:logo">}: with {@code
     * contentId} {@code "logo"} (or {@code "logo@example.org"}) the part gets {@code Content-ID: <logo>}. Together
     * with the HTML it forms a multipart/related.
     */
    public MailMessageBuilder inline(String contentId, Attachment resource) {
        String id = HeaderSyntax.contentId(contentId);
        Objects.requireNonNull(resource, "resource");
        if (inline.putIfAbsent(id, resource) != null) {
            throw new IllegalArgumentException("Content-ID <" + id + "> is used twice");
        }
        return this;
    }

    /** A Message-ID of your own ({@code id@domain}, with or without angle brackets) instead of a random one. */
    public MailMessageBuilder messageId(String messageId) {
        this.messageId = HeaderSyntax.messageId(messageId);
        return this;
    }

    /** The Date field's value (default: now, from the {@link #clock}). */
    public MailMessageBuilder date(OffsetDateTime date) {
        this.date = Objects.requireNonNull(date, "date");
        return this;
    }

    /** The clock for the default Date (tests pass a fixed one). */
    public MailMessageBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * The envelope sender (MAIL FROM) when it differs from From, e.g. a bounce address; {@code ""} for the null
     * reverse path.
     */
    public MailMessageBuilder envelopeFrom(String address) {
        this.envelopeFrom =
                address == null || address.isEmpty() ? "" : Mailbox.of(address).address();
        return this;
    }

    /**
     * The message. Its Message-ID, Date and MIME boundaries are fixed now; file attachments are not read (their sizes
     * were read when the attachments were made).
     *
     * @throws IllegalStateException if From was not set
     */
    public MailMessage build() {
        return new MailMessage(this);
    }

    private MailMessageBuilder add(List<Mailbox> list, String... addresses) {
        for (String address : addresses) {
            list.add(Mailbox.of(address));
        }
        return this;
    }

    private MailMessageBuilder add(List<Mailbox> list, Mailbox... mailboxes) {
        for (Mailbox mailbox : mailboxes) {
            list.add(Objects.requireNonNull(mailbox, "mailbox"));
        }
        return this;
    }
}
