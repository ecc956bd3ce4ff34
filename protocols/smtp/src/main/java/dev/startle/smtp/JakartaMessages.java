package dev.startle.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends a Jakarta Mail {@link MimeMessage} with Startle's client. Jakarta Mail ({@code jakarta.mail-api} plus an
 * implementation such as Angus Mail) is an optional dependency: only this class uses it.
 *
 * <pre>{@code
 * MimeMessage mime = new MimeMessage(session);
 * mime.setFrom("alice@example.org");
 * mime.setRecipients(Message.RecipientType.TO, "bob@example.net");
 * mime.setSubject("Hello");
 * mime.setText("Hi Bob");
 * client.send(JakartaMessages.from(mime));
 * }</pre>
 */
public final class JakartaMessages {
    private static final String[] NOT_SENT = {"Bcc", "Content-Length"};
    private static final int CHUNK = 64 * 1024;

    private JakartaMessages() {}

    /**
     * The message with its envelope taken from its headers: the sender is the Sender address if set, else the first
     * From address; the recipients are all To, Cc and Bcc addresses (group members included) without duplicates; newsgroups
     * are ignored.
     *
     * <p>The bytes are written by {@link MimeMessage#writeTo(java.io.OutputStream, String[])} without the Bcc and
     * Content-Length fields, as Jakarta Mail's own SMTP transport does (a plain {@code writeTo} would include Bcc), lazily on each subscription and on a bounded-elastic thread, since
     * Jakarta Mail's I/O is blocking (its data handlers may read files). The first write saves the message's changes
     * ({@code saveChanges()}: Message-ID, MIME headers) and later writes reuse them; do not modify the message while it
     * is being sent. The size is unknown until written. The body is declared 8-bit only when the session allows UTF-8
     * ({@code mail.mime.allowutf8}) or a top-level header is not ASCII: Jakarta Mail otherwise chooses 7-bit transfer
     * encodings, but a part given an explicit 8bit or binary encoding is not detected.
     *
     * @throws IllegalArgumentException if the message has no sender or recipients, or its addresses cannot be read
     */
    public static SmtpMessage from(MimeMessage message) {
        return from(message, null);
    }

    /** As {@link #from(MimeMessage)}, with an explicit envelope sender ({@code ""} for the null reverse path). */
    public static SmtpMessage from(MimeMessage message, String envelopeFrom) {
        Objects.requireNonNull(message, "message");
        try {
            String reversePath = envelopeFrom != null ? envelopeFrom : sender(message);
            Set<String> addresses = new LinkedHashSet<>();
            Address[] all = message.getAllRecipients();
            for (Address address : all == null ? new Address[0] : all) {
                if (address instanceof InternetAddress internet) {
                    InternetAddress[] members = internet.isGroup() ? internet.getGroup(false) : null;
                    for (InternetAddress member : members != null ? members : new InternetAddress[] {internet}) {
                        if (!member.isGroup()) {
                            addresses.add(member.getAddress());
                        }
                    }
                }
            }
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("the message has no To, Cc or Bcc recipients");
            }
            List<Recipient> recipients = new ArrayList<>();
            addresses.forEach(address -> recipients.add(Recipient.of(address)));
            MessageBody body = MessageBody.of(() -> content(message), OptionalLong.empty(), eightBit(message));
            return SmtpMessage.of(reversePath, recipients, body);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot read the message's addresses: " + e.getMessage(), e);
        }
    }

    private static String sender(MimeMessage message) throws MessagingException {
        Address sender = message.getSender();
        if (sender instanceof InternetAddress internet) {
            return internet.getAddress();
        }
        Address[] from = message.getFrom();
        if (from != null && from.length > 0 && from[0] instanceof InternetAddress internet) {
            return internet.getAddress();
        }
        throw new IllegalArgumentException("the message has no From or Sender address");
    }

    private static Flux<ByteBuf> content(MimeMessage message) {
        return Mono.fromCallable(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
                    synchronized (message) { // the first writeTo also saves changes into the message
                        message.writeTo(out, NOT_SENT);
                    }
                    return out.toByteArray();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(bytes -> Flux.range(0, (bytes.length + CHUNK - 1) / CHUNK)
                        .map(i -> Unpooled.wrappedBuffer(bytes, i * CHUNK, Math.min(CHUNK, bytes.length - i * CHUNK))));
    }

    private static boolean eightBit(MimeMessage message) throws MessagingException {
        Session session = message.getSession();
        if (session != null && Boolean.parseBoolean(session.getProperty("mail.mime.allowutf8"))) {
            return true;
        }
        var lines = message.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            if (lines.nextElement().chars().anyMatch(c -> c > 0x7f)) {
                return true;
            }
        }
        return false;
    }
}
