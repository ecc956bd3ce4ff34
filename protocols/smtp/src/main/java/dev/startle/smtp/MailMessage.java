package dev.startle.smtp;

import dev.startle.smtp.internal.mime.BinaryPart;
import dev.startle.smtp.internal.mime.HeaderWriter;
import dev.startle.smtp.internal.mime.MessageWriter;
import dev.startle.smtp.internal.mime.MimeStream;
import dev.startle.smtp.internal.mime.UniqueIds;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;

/**
 * An email message built from parts (addresses, subject, text and/or HTML, attachments, inline images) for users who
 * do not already have RFC 5322 bytes. Immutable; made with {@link #builder()}, sent with {@link #toSmtpMessage()}.
 *
 * <pre>{@code
 * MailMessage message = MailMessage.builder()
 *         .from("Alice", "alice@example.org")
 *         .to("bob@example.net")
 *         .bcc("audit@example.org")
 *         .subject("Grüße aus Köln")
 *         .text("Hello Bob")
 *         .html("<p>Hello <b>Bob</b><img src=\"cid:logo\"></p>")
 *         .inline("logo", Attachment.of("logo.png", "image/png", logoBytes))
 *         .attach(Attachment.of("report.pdf", "application/pdf", Path.of("report.pdf")))
 *         .build();
 * client.send(message.toSmtpMessage());
 * }</pre>
 *
 * <p>What is written: Date, From, Sender, Reply-To, To, Cc, Message-ID, Subject, custom fields, MIME-Version, then the
 * body with only the multipart levels it needs: {@code mixed(related(alternative(text, html), inline...),
 * attachments...)}. Bcc recipients get the message (they are in the envelope) but no Bcc field is written. Text is
 * UTF-8 sent as 7bit when plain short-lined ASCII, quoted-printable otherwise; attachments are base64; lines end in CRLF
 * and stay within 998 octets (header fields are folded at 78). The output is therefore 7-bit clean and needs no
 * 8BITMIME, with one exception: an address with non-ASCII characters is written as raw UTF-8 (RFC 6532), and such a
 * message must be sent to a server offering SMTPUTF8 (see {@link #requiresSmtpUtf8()}).
 *
 * <p>The Message-ID, the Date and the MIME boundaries are fixed when the message is built, so each subscription to the
 * body produces the same bytes (a retried send reads it again).
 */
public final class MailMessage {
    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US);

    private final Mailbox from;
    private final Mailbox sender;
    private final List<Mailbox> to;
    private final List<Mailbox> cc;
    private final List<Mailbox> bcc;
    private final List<Mailbox> replyTo;
    private final String subject;
    private final String messageId;
    private final OffsetDateTime date;
    private final String envelopeFrom;
    private final List<String> envelopeRecipients;
    private final MimeStream stream;

    MailMessage(MailMessageBuilder b) {
        if (b.from == null) {
            throw new IllegalStateException("a message needs a From address: call from(...)");
        }
        this.from = b.from;
        this.sender = b.sender;
        this.to = List.copyOf(b.to);
        this.cc = List.copyOf(b.cc);
        this.bcc = List.copyOf(b.bcc);
        this.replyTo = List.copyOf(b.replyTo);
        this.subject = b.subject;
        this.messageId = b.messageId != null ? b.messageId : UniqueIds.messageId(from.address());
        this.date = b.date != null ? b.date : OffsetDateTime.now(b.clock);
        this.envelopeFrom = b.envelopeFrom != null ? b.envelopeFrom : from.address();
        this.envelopeRecipients = envelope(to, cc, bcc);

        HeaderWriter headers = new HeaderWriter();
        headers.field("Date").token(RFC_5322_DATE.format(date));
        mailboxes(headers, "From", List.of(from));
        if (sender != null) {
            mailboxes(headers, "Sender", List.of(sender));
        }
        mailboxes(headers, "Reply-To", replyTo);
        mailboxes(headers, "To", to);
        mailboxes(headers, "Cc", cc);
        headers.field("Message-ID").token("<" + messageId + ">");
        if (subject != null) {
            headers.field("Subject").unstructured(subject);
        }
        for (Map.Entry<String, String> field : b.headers) {
            headers.field(field.getKey()).unstructured(field.getValue());
        }
        List<BinaryPart> inline = new ArrayList<>();
        b.inline.forEach((contentId, attachment) -> inline.add(attachment.toPart(contentId)));
        List<BinaryPart> attachments = new ArrayList<>();
        b.attachments.forEach(attachment -> attachments.add(attachment.toPart(null)));
        this.stream = MessageWriter.write(headers.finish(), b.text, b.html, inline, attachments);
    }

    /** A new builder. */
    public static MailMessageBuilder builder() {
        return new MailMessageBuilder();
    }

    /**
     * The message for the SMTP client: envelope sender ({@link #envelopeFrom()}), envelope recipients (To, Cc and Bcc
     * without duplicates, in that order) and this message's bytes as the body, with its size when every attachment's
     * size is known.
     *
     * @throws IllegalStateException if the message has no recipients
     */
    public SmtpMessage toSmtpMessage() {
        if (envelopeRecipients.isEmpty()) {
            throw new IllegalStateException("the message has no recipients: add To, Cc or Bcc");
        }
        List<Recipient> recipients = new ArrayList<>(envelopeRecipients.size());
        envelopeRecipients.forEach(address -> recipients.add(Recipient.of(address)));
        return SmtpMessage.of(envelopeFrom, recipients, MessageBody.of(this::content, size(), has8BitContent()));
    }

    /**
     * The message's bytes, streamed with backpressure; each subscription produces the same bytes. Each buffer is owned
     * by the subscriber, which must release it. File attachments are read on a bounded-elastic thread.
     */
    public Flux<ByteBuf> content() {
        return stream.content();
    }

    /** The size in bytes, unless an attachment's size is unknown. */
    public OptionalLong size() {
        return stream.size();
    }

    /** Whether the bytes include octets over 127: only when an address in a header is non-ASCII. */
    public boolean has8BitContent() {
        return stream.has8BitContent();
    }

    /** Whether an address (in the headers or the envelope) has non-ASCII characters, needing SMTPUTF8 (RFC 6531). */
    public boolean requiresSmtpUtf8() {
        return has8BitContent()
                || Stream.concat(Stream.of(envelopeFrom), envelopeRecipients.stream())
                        .anyMatch(a -> a.chars().anyMatch(c -> c > 0x7f));
    }

    /**
     * Writes the message to a stream. This blocks the calling thread until every attachment has been read and written:
     * meant for small messages, files and tests, not for event-loop threads.
     */
    public void writeTo(OutputStream out) throws IOException {
        try {
            content()
                    .doOnNext(buf -> {
                        try {
                            buf.readBytes(out, buf.readableBytes());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } finally {
                            buf.release();
                        }
                    })
                    .blockLast();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The whole message in memory (blocking, like {@link #writeTo}); for small messages and tests. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size().orElse(8192), 1 << 24));
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The author. */
    public Mailbox from() {
        return from;
    }

    /** The Sender, if set. */
    public Optional<Mailbox> sender() {
        return Optional.ofNullable(sender);
    }

    /** The To recipients. */
    public List<Mailbox> to() {
        return to;
    }

    /** The Cc recipients. */
    public List<Mailbox> cc() {
        return cc;
    }

    /** The Bcc recipients (in the envelope only, never in the headers). */
    public List<Mailbox> bcc() {
        return bcc;
    }

    /** The Reply-To mailboxes. */
    public List<Mailbox> replyTo() {
        return replyTo;
    }

    /** The subject, if set. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The Message-ID without angle brackets. */
    public String messageId() {
        return messageId;
    }

    /** The Date. */
    public OffsetDateTime date() {
        return date;
    }

    /** The envelope sender (MAIL FROM): the From address unless overridden; empty for the null path. */
    public String envelopeFrom() {
        return envelopeFrom;
    }

    /** The envelope recipients (RCPT TO): To, Cc and Bcc addresses without duplicates, in that order. */
    public List<String> envelopeRecipients() {
        return envelopeRecipients;
    }

    @Override
    public String toString() {
        return "MailMessage[<" + messageId + ">, from=" + from.address() + ", to=" + envelopeRecipients + "]";
    }

    private static void mailboxes(HeaderWriter headers, String field, List<Mailbox> list) {
        if (list.isEmpty()) {
            return;
        }
        headers.field(field);
        for (int i = 0; i < list.size(); i++) {
            Mailbox m = list.get(i);
            headers.mailbox(m.displayName().orElse(null), m.address(), i == list.size() - 1);
        }
    }

    /** To, Cc, Bcc in order; an address counts once (the domain compared without case, the local part exactly). */
    private static List<String> envelope(List<Mailbox> to, List<Mailbox> cc, List<Mailbox> bcc) {
        Map<String, String> unique = new LinkedHashMap<>();
        Stream.of(to, cc, bcc).flatMap(List::stream).map(Mailbox::address).forEach(address -> {
            int at = address.lastIndexOf('@');
            String key = address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT);
            unique.putIfAbsent(key, address);
        });
        return List.copyOf(unique.values());
    }
}
