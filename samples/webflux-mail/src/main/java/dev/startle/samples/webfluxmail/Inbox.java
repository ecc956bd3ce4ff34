package dev.startle.samples.webfluxmail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the embedded relay received, newest last, at most {@code capacity} messages. Thread-safe. */
public final class Inbox {
    private static final Pattern SUBJECT = Pattern.compile("(?im)^Subject: ?(.*(?:\\r\\n[ \\t].*)*)$");

    /**
     * One received message.
     *
     * @param id a number for {@code GET /inbox/{id}}
     * @param receivedAt when the relay acknowledged it
     * @param from the envelope sender
     * @param recipients the accepted envelope recipients
     * @param secure whether it arrived under TLS
     * @param tlsProtocol the TLS version, when secure
     * @param cipherSuite the cipher suite, when secure
     * @param authenticatedUser who authenticated, if anyone
     * @param raw the RFC 5322 bytes
     */
    public record Message(
            long id,
            Instant receivedAt,
            String from,
            List<String> recipients,
            boolean secure,
            String tlsProtocol,
            String cipherSuite,
            String authenticatedUser,
            byte[] raw) {

        /** The Subject header as it was written (encoded words are not decoded). */
        public String subject() {
            Matcher m = SUBJECT.matcher(headers());
            return m.find() ? m.group(1).replaceAll("\\r\\n[ \\t]", " ") : "";
        }

        /** The size in bytes. */
        public int size() {
            return raw.length;
        }

        private String headers() {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private final int capacity;
    private final Deque<Message> messages = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();

    /** An empty inbox keeping at most {@code capacity} messages. */
    public Inbox(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a message, dropping the oldest when full; returns it. */
    public Message add(
            String from,
            List<String> recipients,
            boolean secure,
            String tlsProtocol,
            String cipherSuite,
            String user,
            byte[] raw) {
        Message m = new Message(
                ids.incrementAndGet(),
                Instant.now(),
                from,
                List.copyOf(recipients),
                secure,
                tlsProtocol,
                cipherSuite,
                user,
                raw);
        synchronized (messages) {
            messages.addLast(m);
            while (messages.size() > capacity) {
                messages.removeFirst();
            }
        }
        return m;
    }

    /** The messages, oldest first. */
    public List<Message> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The message with this id, if still kept. */
    public Optional<Message> find(long id) {
        return messages().stream().filter(m -> m.id() == id).findFirst();
    }

    /** Forgets every message (tests). */
    public void clear() {
        synchronized (messages) {
            messages.clear();
        }
    }
}
